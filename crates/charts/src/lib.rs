//! Charts written as SVG on the server (see docs/adr/0002-hand-written-svg-charts.md).
//!
//! The SVG keeps every label as `<text>`, so the browser shapes Thai with the page's
//! fonts and a PDF renderer (typst) can embed it; nothing needs font metrics on the
//! server. Each chart carries a `<title>` and `<desc>` for screen readers; pages show the
//! numbers in a table next to it as well.

use std::fmt::Write;

/// Colours that stay apart for common colour blindness (Okabe-Ito).
pub const PALETTE: [&str; 7] = [
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442",
];

/// Escapes text for XML.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Gives a chart's title and description ids of their own (`{id}-title`, `{id}-desc`),
/// for pages that show several charts: ids must be unique in a page, or screen readers
/// read the first chart's title for every one of them.
pub fn with_chart_id(svg: &str, id: &str) -> String {
    let id: String = id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    svg.replacen(
        "aria-labelledby=\"chart-title chart-desc\"",
        &format!("aria-labelledby=\"{id}-title {id}-desc\""),
        1,
    )
    .replacen(
        "<title id=\"chart-title\">",
        &format!("<title id=\"{id}-title\">"),
        1,
    )
    .replacen(
        "<desc id=\"chart-desc\">",
        &format!("<desc id=\"{id}-desc\">"),
        1,
    )
}

/// One named series of values, one per category.
#[derive(Clone, Debug)]
pub struct Series {
    pub name: String,
    pub values: Vec<f64>,
}

/// A bar chart: categories along the bottom, one bar per series in each category
/// (side by side, or stacked).
#[derive(Clone, Debug, Default)]
pub struct BarChart {
    pub title: String,
    /// A sentence describing what the chart shows, for screen readers.
    pub description: String,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    pub stacked: bool,
    /// Label of the vertical axis (e.g. "จำนวนคำร้อง").
    pub y_label: String,
    /// A fixed top of the scale (e.g. 5 for satisfaction scores); computed when `None`.
    pub y_max: Option<f64>,
    /// Decimal places of the value labels.
    pub decimals: usize,
}

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 360.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 40.0;
const BOTTOM: f64 = 84.0;

/// A "nice" top of scale and step for `max` (1, 2, 2.5, 5 x 10^n).
pub fn nice_scale(max: f64) -> (f64, f64) {
    if !max.is_finite() || max <= 0.0 {
        return (1.0, 0.2);
    }
    let raw_step = max / 5.0;
    let magnitude = 10f64.powf(raw_step.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw_step)
        .unwrap_or(10.0 * magnitude);
    ((max / step).ceil() * step, step)
}

fn fmt_value(v: f64, decimals: usize) -> String {
    let s = format!("{v:.decimals$}");
    // Group thousands for whole numbers people read ("1,250").
    if decimals == 0 && v.abs() >= 1000.0 {
        let digits: Vec<char> = s.trim_start_matches('-').chars().collect();
        let mut out = String::new();
        for (i, c) in digits.iter().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(*c);
        }
        if v < 0.0 {
            out.insert(0, '-');
        }
        out
    } else {
        s
    }
}

fn open_svg(out: &mut String, title: &str, description: &str, height: f64) {
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" role=\"img\" aria-labelledby=\"chart-title chart-desc\" class=\"chart\" font-family=\"Sarabun, 'Noto Sans Thai', Tahoma, sans-serif\" font-size=\"13\">\
<title id=\"chart-title\">{}</title><desc id=\"chart-desc\">{}</desc>",
        xml_escape(title),
        xml_escape(description)
    );
}

/// The SVG of a bar chart.
pub fn bar_chart_svg(chart: &BarChart) -> String {
    let mut out = String::new();
    open_svg(&mut out, &chart.title, &chart.description, HEIGHT);
    let n_cat = chart.categories.len().max(1);
    let n_series = chart.series.len().max(1);
    let totals: Vec<f64> = (0..chart.categories.len())
        .map(|i| {
            let vals = chart
                .series
                .iter()
                .map(|s| s.values.get(i).copied().unwrap_or(0.0).max(0.0));
            if chart.stacked {
                vals.sum()
            } else {
                vals.fold(0.0, f64::max)
            }
        })
        .collect();
    let data_max = totals.iter().copied().fold(0.0, f64::max);
    let (top, step) = match chart.y_max {
        Some(m) if m > 0.0 => {
            let (_, step) = nice_scale(m);
            (m, step)
        }
        _ => nice_scale(data_max),
    };
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let y_of = |v: f64| TOP + plot_h - (v.clamp(0.0, top) / top) * plot_h;
    // Title and axis label.
    let _ = write!(
        out,
        "<text x=\"{LEFT}\" y=\"20\" font-size=\"15\" font-weight=\"bold\" fill=\"#1c2430\">{}</text>",
        xml_escape(&chart.title)
    );
    if !chart.y_label.is_empty() {
        let _ = write!(
            out,
            "<text x=\"12\" y=\"{:.1}\" transform=\"rotate(-90 12 {:.1})\" text-anchor=\"middle\" fill=\"#5a6472\">{}</text>",
            TOP + plot_h / 2.0,
            TOP + plot_h / 2.0,
            xml_escape(&chart.y_label)
        );
    }
    // Grid lines and scale.
    let mut v = 0.0;
    while v <= top + step / 2.0 {
        let y = y_of(v);
        let _ = write!(
            out,
            "<line x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#d6dbe2\" stroke-width=\"1\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#5a6472\" font-size=\"11\">{}</text>",
            WIDTH - RIGHT,
            LEFT - 6.0,
            y + 4.0,
            fmt_value(v, if step.fract() == 0.0 { 0 } else { 1 })
        );
        v += step;
    }
    let band = plot_w / n_cat as f64;
    let bar_w = if chart.stacked {
        band * 0.6
    } else {
        band * 0.8 / n_series as f64
    };
    for (ci, category) in chart.categories.iter().enumerate() {
        let x0 = LEFT + band * ci as f64;
        let mut stack_base = 0.0;
        for (si, series) in chart.series.iter().enumerate() {
            let value = series.values.get(ci).copied().unwrap_or(0.0).max(0.0);
            let color = PALETTE[si % PALETTE.len()];
            let (x, y_top, y_bottom) = if chart.stacked {
                let x = x0 + band * 0.2;
                let r = (x, y_of(stack_base + value), y_of(stack_base));
                stack_base += value;
                r
            } else {
                (x0 + band * 0.1 + bar_w * si as f64, y_of(value), y_of(0.0))
            };
            let h = (y_bottom - y_top).max(0.0);
            let _ = write!(
                out,
                "<rect x=\"{x:.1}\" y=\"{y_top:.1}\" width=\"{bar_w:.1}\" height=\"{h:.1}\" fill=\"{color}\"><title>{}: {} {}</title></rect>",
                xml_escape(category),
                xml_escape(&series.name),
                fmt_value(value, chart.decimals)
            );
            if !chart.stacked && value > 0.0 && bar_w >= 14.0 {
                let _ = write!(
                    out,
                    "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#1c2430\">{}</text>",
                    x + bar_w / 2.0,
                    y_top - 4.0,
                    fmt_value(value, chart.decimals)
                );
            }
        }
        if chart.stacked && stack_base > 0.0 {
            let _ = write!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#1c2430\">{}</text>",
                x0 + band / 2.0,
                y_of(stack_base) - 4.0,
                fmt_value(stack_base, chart.decimals)
            );
        }
        // Category labels, slanted when there are many.
        let lx = x0 + band / 2.0;
        let ly = TOP + plot_h + 16.0;
        if n_cat > 8 {
            let _ = write!(
                out,
                "<text x=\"{lx:.1}\" y=\"{ly:.1}\" text-anchor=\"end\" transform=\"rotate(-40 {lx:.1} {ly:.1})\" fill=\"#1c2430\">{}</text>",
                xml_escape(category)
            );
        } else {
            let _ = write!(
                out,
                "<text x=\"{lx:.1}\" y=\"{ly:.1}\" text-anchor=\"middle\" fill=\"#1c2430\">{}</text>",
                xml_escape(category)
            );
        }
    }
    let _ = write!(
        out,
        "<line x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#1c2430\"/>",
        WIDTH - RIGHT,
        y_of(0.0),
        y_of(0.0)
    );
    legend(&mut out, &chart.series, HEIGHT - 14.0);
    out.push_str("</svg>");
    out
}

fn legend(out: &mut String, series: &[Series], y: f64) {
    if series.len() < 2 {
        return;
    }
    let mut x = LEFT;
    for (i, s) in series.iter().enumerate() {
        let _ = write!(
            out,
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{y:.1}\" fill=\"#1c2430\">{}</text>",
            y - 10.0,
            PALETTE[i % PALETTE.len()],
            x + 16.0,
            xml_escape(&s.name)
        );
        x += 28.0 + s.name.chars().count() as f64 * 8.0;
    }
}

/// A line chart of series over categories (months, years).
#[derive(Clone, Debug, Default)]
pub struct LineChart {
    pub title: String,
    pub description: String,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    pub y_label: String,
    pub y_max: Option<f64>,
    pub decimals: usize,
}

pub fn line_chart_svg(chart: &LineChart) -> String {
    let mut out = String::new();
    open_svg(&mut out, &chart.title, &chart.description, HEIGHT);
    let data_max = chart
        .series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .fold(0.0, f64::max);
    let (top, step) = match chart.y_max {
        Some(m) if m > 0.0 => (m, nice_scale(m).1),
        _ => nice_scale(data_max),
    };
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let n = chart.categories.len().max(1);
    let x_of = |i: usize| LEFT + plot_w * (i as f64 + 0.5) / n as f64;
    let y_of = |v: f64| TOP + plot_h - (v.clamp(0.0, top) / top) * plot_h;
    let _ = write!(
        out,
        "<text x=\"{LEFT}\" y=\"20\" font-size=\"15\" font-weight=\"bold\" fill=\"#1c2430\">{}</text>",
        xml_escape(&chart.title)
    );
    let mut v = 0.0;
    while v <= top + step / 2.0 {
        let y = y_of(v);
        let _ = write!(
            out,
            "<line x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#d6dbe2\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#5a6472\" font-size=\"11\">{}</text>",
            WIDTH - RIGHT,
            LEFT - 6.0,
            y + 4.0,
            fmt_value(v, if step.fract() == 0.0 { 0 } else { 1 })
        );
        v += step;
    }
    for (si, s) in chart.series.iter().enumerate() {
        let color = PALETTE[si % PALETTE.len()];
        let points: Vec<String> = s
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| format!("{:.1},{:.1}", x_of(i), y_of(*v)))
            .collect();
        let _ = write!(
            out,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2.5\"/>",
            points.join(" ")
        );
        for (i, v) in s.values.iter().enumerate() {
            let _ = write!(
                out,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.5\" fill=\"{color}\"><title>{}: {} {}</title></circle>",
                x_of(i),
                y_of(*v),
                xml_escape(chart.categories.get(i).map(String::as_str).unwrap_or("")),
                xml_escape(&s.name),
                fmt_value(*v, chart.decimals)
            );
        }
    }
    for (i, c) in chart.categories.iter().enumerate() {
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#1c2430\">{}</text>",
            x_of(i),
            TOP + plot_h + 16.0,
            xml_escape(c)
        );
    }
    legend(&mut out, &chart.series, HEIGHT - 14.0);
    out.push_str("</svg>");
    out
}

/// The 5x5 corruption-risk matrix: likelihood across, impact up, a count in each cell,
/// coloured by the level `likelihood x impact` (1-25).
#[derive(Clone, Debug, Default)]
pub struct HeatMap {
    pub title: String,
    pub description: String,
    /// `counts[impact - 1][likelihood - 1]`.
    pub counts: [[u32; 5]; 5],
    pub x_label: String,
    pub y_label: String,
    /// The levels of the matrix, lowest first (a cell takes the first band whose
    /// `max_score` reaches its score), shown as a legend. Empty: [`level_colour`].
    pub bands: Vec<HeatBand>,
}

/// One level of the risk matrix as the heat map shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HeatBand {
    pub max_score: u32,
    pub colour: String,
    pub label: String,
}

impl HeatMap {
    fn colour(&self, score: u32) -> &str {
        if self.bands.is_empty() {
            return level_colour(score);
        }
        self.bands
            .iter()
            .find(|b| score <= b.max_score)
            .or(self.bands.last())
            .map(|b| b.colour.as_str())
            .unwrap_or("#cccccc")
    }
}

/// Colour of a risk level (product of likelihood and impact), low to very high.
pub fn level_colour(score: u32) -> &'static str {
    match score {
        0..=4 => "#8BC34A",
        5..=9 => "#FFEB3B",
        10..=16 => "#FF9800",
        _ => "#F44336",
    }
}

pub fn heat_map_svg(map: &HeatMap) -> String {
    // Narrower than the other charts, with the legend under the grid, so that a phone
    // scales it down as little as possible.
    let width = 440.0;
    let height = 420.0 + 24.0 * map.bands.len() as f64;
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"chart-title chart-desc\" class=\"chart\" font-family=\"Sarabun, 'Noto Sans Thai', Tahoma, sans-serif\" font-size=\"13\">\
<title id=\"chart-title\">{}</title><desc id=\"chart-desc\">{}</desc>",
        xml_escape(&map.title),
        xml_escape(&map.description)
    );
    let cell = 56.0;
    let x0 = 90.0;
    let y0 = 44.0;
    let _ = write!(
        out,
        "<text x=\"10\" y=\"24\" font-size=\"15\" font-weight=\"bold\" fill=\"#1c2430\">{}</text>",
        xml_escape(&map.title)
    );
    for impact in 1..=5u32 {
        let row = 5 - impact;
        for likelihood in 1..=5u32 {
            let x = x0 + cell * (likelihood - 1) as f64;
            let y = y0 + cell * row as f64;
            let count = map.counts[(impact - 1) as usize][(likelihood - 1) as usize];
            let score = impact * likelihood;
            let _ = write!(
                out,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{cell}\" height=\"{cell}\" fill=\"{}\" stroke=\"#ffffff\" stroke-width=\"2\"><title>{} {likelihood} × {} {impact} = {score}: {count}</title></rect>",
                map.colour(score),
                xml_escape(&map.x_label),
                xml_escape(&map.y_label)
            );
            if count > 0 {
                let _ = write!(
                    out,
                    "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"18\" font-weight=\"bold\" fill=\"#1c2430\">{count}</text>",
                    x + cell / 2.0,
                    y + cell / 2.0 + 6.0
                );
            }
        }
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#1c2430\">{impact}</text>",
            x0 - 8.0,
            y0 + cell * row as f64 + cell / 2.0 + 4.0
        );
    }
    for likelihood in 1..=5u32 {
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#1c2430\">{likelihood}</text>",
            x0 + cell * (likelihood - 1) as f64 + cell / 2.0,
            y0 + cell * 5.0 + 18.0
        );
    }
    let _ = write!(
        out,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#5a6472\">{}</text>",
        x0 + cell * 2.5,
        y0 + cell * 5.0 + 40.0,
        xml_escape(&map.x_label)
    );
    let cy = y0 + cell * 2.5;
    let _ = write!(
        out,
        "<text x=\"40\" y=\"{cy:.1}\" transform=\"rotate(-90 40 {cy:.1})\" text-anchor=\"middle\" fill=\"#5a6472\">{}</text>",
        xml_escape(&map.y_label)
    );
    // The legend, under the grid: a swatch and the level's name per band.
    let lx = x0;
    for (i, band) in map.bands.iter().enumerate() {
        let ly = y0 + cell * 5.0 + 60.0 + 24.0 * i as f64;
        let _ = write!(
            out,
            "<rect x=\"{lx}\" y=\"{ly}\" width=\"16\" height=\"16\" fill=\"{}\" stroke=\"#5a6472\" stroke-width=\"0.5\"/><text x=\"{:.1}\" y=\"{:.1}\" fill=\"#1c2430\">{}</text>",
            xml_escape(&band.colour),
            lx + 22.0,
            ly + 13.0,
            xml_escape(&band.label)
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_on_one_page_get_ids_of_their_own() {
        let svg = with_chart_id(&bar_chart_svg(&bars()), "by-month\"x");
        assert!(svg.contains("aria-labelledby=\"by-monthx-title by-monthx-desc\""));
        assert!(svg.contains("<title id=\"by-monthx-title\">"));
        assert!(svg.contains("<desc id=\"by-monthx-desc\">"));
        assert!(!svg.contains("chart-title"));
    }

    fn bars() -> BarChart {
        BarChart {
            title: "คำร้อง <ต่อเดือน>".into(),
            description: "จำนวนคำร้อง".into(),
            categories: vec!["ต.ค. 68".into(), "พ.ย. 68".into()],
            series: vec![
                Series {
                    name: "ออนไลน์".into(),
                    values: vec![10.0, 40.0],
                },
                Series {
                    name: "ที่สำนักงาน".into(),
                    values: vec![20.0, 0.0],
                },
            ],
            y_label: "จำนวน".into(),
            ..Default::default()
        }
    }

    #[test]
    fn labels_stay_text_and_are_escaped() {
        let svg = bar_chart_svg(&bars());
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("<title id=\"chart-title\">คำร้อง &lt;ต่อเดือน&gt;</title>"));
        assert!(svg.contains(">ต.ค. 68</text>"));
        assert!(svg.contains(">ที่สำนักงาน</text>"), "legend");
        assert!(!svg.contains("<ต่อเดือน>"));
    }

    #[test]
    fn bar_heights_are_proportional_to_values() {
        let svg = bar_chart_svg(&bars());
        let heights: Vec<f64> = svg
            .match_indices("<rect x=")
            .filter_map(|(i, _)| {
                let rest = &svg[i..];
                let h = rest.find("height=\"")? + 8;
                rest[h..].split('"').next()?.parse().ok()
            })
            .collect();
        // Four bars (2 categories x 2 series), then two legend squares of height 12.
        assert_eq!(heights.len(), 6);
        assert!(
            (heights[1] / heights[0] - 2.0).abs() < 0.01,
            "20 is twice 10: {heights:?}"
        );
        assert!(
            (heights[2] / heights[0] - 4.0).abs() < 0.01,
            "40 is four times 10: {heights:?}"
        );
        assert_eq!(heights[3], 0.0);
    }

    #[test]
    fn nice_scales() {
        assert_eq!(nice_scale(37.0), (40.0, 10.0));
        assert_eq!(nice_scale(4.2), (5.0, 1.0));
        assert_eq!(nice_scale(0.0), (1.0, 0.2));
        assert_eq!(nice_scale(1234.0), (1250.0, 250.0));
        assert_eq!(fmt_value(1250.0, 0), "1,250");
    }

    #[test]
    fn heat_map_colours_by_level_and_counts_cells() {
        let mut m = HeatMap {
            title: "ความเสี่ยง".into(),
            x_label: "โอกาส".into(),
            y_label: "ผลกระทบ".into(),
            ..Default::default()
        };
        m.counts[4][4] = 2; // impact 5, likelihood 5
        m.counts[0][1] = 1; // impact 1, likelihood 2
        let svg = heat_map_svg(&m);
        assert_eq!(svg.matches("<rect").count(), 25);
        assert!(svg.contains("fill=\"#F44336\" stroke=\"#ffffff\" stroke-width=\"2\"><title>โอกาส 5 × ผลกระทบ 5 = 25: 2</title>"));
        assert!(svg.contains("<title>โอกาส 2 × ผลกระทบ 1 = 2: 1</title>"));
        assert_eq!(level_colour(9), "#FFEB3B");
    }

    #[test]
    fn heat_map_bands_colour_cells_and_make_a_legend() {
        let mut m = HeatMap {
            title: "ความเสี่ยง".into(),
            x_label: "โอกาส".into(),
            y_label: "ผลกระทบ".into(),
            bands: vec![
                HeatBand {
                    max_score: 3,
                    colour: "#00ff00".into(),
                    label: "ต่ำ".into(),
                },
                HeatBand {
                    max_score: 25,
                    colour: "#ff0000".into(),
                    label: "สูง <มาก>".into(),
                },
            ],
            ..Default::default()
        };
        m.counts[0][2] = 1; // impact 1, likelihood 3: score 3
        m.counts[0][3] = 1; // impact 1, likelihood 4: score 4
        let svg = heat_map_svg(&m);
        assert!(svg.contains("fill=\"#00ff00\" stroke=\"#ffffff\" stroke-width=\"2\"><title>โอกาส 3 × ผลกระทบ 1 = 3: 1</title>"));
        assert!(svg.contains("fill=\"#ff0000\" stroke=\"#ffffff\" stroke-width=\"2\"><title>โอกาส 4 × ผลกระทบ 1 = 4: 1</title>"));
        assert!(svg.contains(">ต่ำ</text>") && svg.contains(">สูง &lt;มาก&gt;</text>"));
        // 25 cells and two legend swatches.
        assert_eq!(svg.matches("<rect").count(), 27);
    }

    #[test]
    fn empty_and_odd_data_do_not_break() {
        let svg = bar_chart_svg(&BarChart::default());
        assert!(svg.ends_with("</svg>"));
        let svg = line_chart_svg(&LineChart {
            categories: vec!["a".into()],
            series: vec![Series {
                name: "s".into(),
                values: vec![f64::NAN],
            }],
            ..Default::default()
        });
        assert!(svg.ends_with("</svg>"));
    }
}
