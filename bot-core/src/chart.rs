//! Bar charts as PNG, drawn in-process with an embedded font (DejaVu Sans,
//! see `assets/DejaVuSans-LICENSE.txt`): no system font, no fontconfig.

use std::sync::Once;

use plotters::prelude::*;
use plotters::style::{FontStyle, register_font};

const FONT: &[u8] = include_bytes!("../assets/DejaVuSans.ttf");
const WIDTH: u32 = 800;
const ROW: u32 = 44;

#[derive(Debug, thiserror::Error)]
#[error("chart: {0}")]
pub struct ChartError(String);

fn font() {
    static REGISTER: Once = Once::new();
    REGISTER.call_once(|| {
        // Registering the same embedded font cannot fail twice; a failure
        // here shows as text-less charts, which the tests catch.
        let _ = register_font("sans-serif", FontStyle::Normal, FONT);
    });
}

/// A horizontal bar chart: one labelled bar per (label, count).
pub fn bar_chart(title: &str, bars: &[(String, i64)]) -> Result<Vec<u8>, ChartError> {
    let bars: Vec<(String, f64, String)> = bars
        .iter()
        .map(|(label, count)| (label.clone(), *count as f64, count.to_string()))
        .collect();
    value_chart(title, &bars)
}

/// A horizontal bar chart of (label, value, the value as written): a
/// trend of means, one bar per run. Negative values draw as empty bars.
pub fn value_chart(title: &str, bars: &[(String, f64, String)]) -> Result<Vec<u8>, ChartError> {
    let max = bars.iter().map(|b| b.1).fold(1.0_f64, f64::max);
    scaled_chart(title, bars, max)
}

/// [`value_chart`] on a fixed scale: a bar of `full` spans the width (rates
/// in percent: 100).
pub fn scaled_chart(
    title: &str,
    bars: &[(String, f64, String)],
    full: f64,
) -> Result<Vec<u8>, ChartError> {
    font();
    let height = 70 + ROW * bars.len().max(1) as u32 + 20;
    let mut rgb = vec![255u8; (WIDTH * height * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (WIDTH, height)).into_drawing_area();
        let err = |e: &dyn std::fmt::Display| ChartError(e.to_string());
        root.fill(&WHITE).map_err(|e| err(&e))?;
        let title: String = title.chars().take(60).collect();
        root.draw(&Text::new(
            title,
            (20, 18),
            ("sans-serif", 26).into_font().color(&BLACK),
        ))
        .map_err(|e| err(&e))?;
        let max = if full > 0.0 { full } else { 1.0 };
        let (label_w, bar_x, bar_w) = (260i32, 280i32, 440i32);
        for (i, (label, value, written)) in bars.iter().enumerate() {
            let y = 70 + (i as i32) * ROW as i32;
            let label: String = label.chars().take(28).collect();
            root.draw(&Text::new(
                label,
                (20, y + 8),
                ("sans-serif", 20).into_font().color(&BLACK),
            ))
            .map_err(|e| err(&e))?;
            let w = ((value.max(0.0) / max).min(1.0) * f64::from(bar_w)) as i32;
            root.draw(&Rectangle::new(
                [(bar_x, y), (bar_x + w.max(2), y + ROW as i32 - 12)],
                RGBColor(52, 101, 164).filled(),
            ))
            .map_err(|e| err(&e))?;
            root.draw(&Text::new(
                written.clone(),
                (bar_x + w.max(2) + 8, y + 8),
                ("sans-serif", 20).into_font().color(&BLACK),
            ))
            .map_err(|e| err(&e))?;
            let _ = label_w;
        }
        root.present().map_err(|e| err(&e))?;
    }
    let mut png = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut png, WIDTH, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder
            .write_header()
            .map_err(|e| ChartError(e.to_string()))?;
        writer
            .write_image_data(&rgb)
            .map_err(|e| ChartError(e.to_string()))?;
    }
    Ok(png)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_a_png_with_bars_and_text() {
        let png = bar_chart(
            "How useful was today's circle?",
            &[
                ("Very".into(), 3),
                ("Somewhat".into(), 1),
                ("Not really".into(), 0),
            ],
        )
        .unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let decoder = png::Decoder::new(std::io::Cursor::new(&png));
        let mut reader = decoder.read_info().unwrap();
        let mut pixels = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut pixels).unwrap();
        assert_eq!((info.width, info.height), (800, 70 + 44 * 3 + 20));
        let pixels = &pixels[..info.buffer_size()];
        let blue = pixels.chunks(3).filter(|p| p == &[52, 101, 164]).count();
        let dark = pixels
            .chunks(3)
            .filter(|p| p[0] < 80 && p[1] < 80 && p[2] < 80)
            .count();
        assert!(blue > 10_000, "bars drawn: {blue}");
        assert!(dark > 500, "text drawn with the embedded font: {dark}");
    }
}
