//! Charts drawn by the server as inline SVG: no script, no external assets, readable on a
//! phone (they scale to the width of the page) and by screen readers (each has a title
//! and every bar or tile a text).

use std::fmt::Write;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One bucket of a two-series bar chart.
pub struct Pair {
    pub label: String,
    pub a: u64,
    pub b: u64,
}

/// Grouped bars: series `a` and `b` (e.g. received and resolved) per bucket.
pub fn pairs(title: &str, names: (&str, &str), points: &[Pair]) -> String {
    let (w, h, left, bottom, top) = (640.0, 220.0, 40.0, 30.0, 24.0);
    let max = points
        .iter()
        .map(|p| p.a.max(p.b))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let plot_h = h - bottom - top;
    let slot = (w - left - 10.0) / points.len().max(1) as f64;
    let bar = (slot * 0.4).max(1.0);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-label="{t}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title>"#,
        t = esc(title)
    );
    for i in 0..=4 {
        let v = max * f64::from(i) / 4.0;
        let y = top + plot_h - plot_h * f64::from(i) / 4.0;
        let _ = write!(
            s,
            r##"<line x1="{left}" x2="{w}" y1="{y:.1}" y2="{y:.1}" stroke="#ddd"/><text x="{x:.1}" y="{ty:.1}" font-size="10" text-anchor="end">{v:.0}</text>"##,
            x = left - 4.0,
            ty = y + 3.0
        );
    }
    let every = (points.len() / 8).max(1);
    for (i, p) in points.iter().enumerate() {
        let x = left + slot * i as f64 + slot * 0.1;
        for (j, (v, class, name)) in [(p.a, "a", names.0), (p.b, "b", names.1)]
            .into_iter()
            .enumerate()
        {
            let bh = plot_h * v as f64 / max;
            let _ = write!(
                s,
                r#"<rect class="series-{class}" x="{bx:.1}" y="{by:.1}" width="{bar:.1}" height="{bh:.1}"><title>{l}: {v} {n}</title></rect>"#,
                bx = x + bar * j as f64,
                by = top + plot_h - bh,
                l = esc(&p.label),
                n = esc(name)
            );
        }
        if i % every == 0 {
            let _ = write!(
                s,
                r#"<text x="{x:.1}" y="{y:.1}" font-size="10">{l}</text>"#,
                y = h - bottom + 14.0,
                l = esc(&p.label)
            );
        }
    }
    let _ = write!(
        s,
        r#"<rect class="series-a" x="{left}" y="4" width="10" height="10"/><text x="{x1}" y="13" font-size="11">{a}</text><rect class="series-b" x="{x2}" y="4" width="10" height="10"/><text x="{x3}" y="13" font-size="11">{b}</text></svg>"#,
        x1 = left + 14.0,
        x2 = left + 124.0,
        x3 = left + 138.0,
        a = esc(names.0),
        b = esc(names.1)
    );
    s
}

/// One horizontal bar with a link.
pub struct Bar {
    pub label: String,
    pub n: u64,
    pub href: String,
}

/// Horizontal bars, each a link to what it counts.
pub fn bars(title: &str, items: &[Bar]) -> String {
    let (w, row, label_w) = (640.0, 26.0, 150.0);
    let h = row * items.len() as f64 + 8.0;
    let max = items.iter().map(|b| b.n).max().unwrap_or(0).max(1) as f64;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-label="{t}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title>"#,
        t = esc(title)
    );
    for (i, b) in items.iter().enumerate() {
        let y = 4.0 + row * i as f64;
        let bw = (w - label_w - 60.0) * b.n as f64 / max;
        let _ = write!(
            s,
            r#"<a href="{href}"><text x="0" y="{ty:.1}" font-size="12">{l}</text><rect class="series-a" x="{label_w}" y="{y:.1}" width="{bw:.1}" height="{bh:.1}"/><text x="{tx:.1}" y="{ty:.1}" font-size="12">{n}</text></a>"#,
            href = esc(&b.href),
            ty = y + 15.0,
            l = esc(&b.label),
            bh = row - 8.0,
            tx = label_w + bw + 6.0,
            n = b.n
        );
    }
    s.push_str("</svg>");
    s
}

/// One region's tile.
pub struct Tile {
    pub code: String,
    pub name: String,
    /// 0 (good) to 1 (worst); `None`: no data.
    pub badness: Option<f64>,
    pub text: String,
    pub href: String,
}

/// Where each of Kazakhstan's 20 units sits on the tile grid (column, row), roughly as
/// on the map: west to east, north to south.
/// With each, the short label its tile shows.
pub const GRID: [(&str, &str, u8, u8); 20] = [
    ("KZ-39", "Kostanay", 2, 0),
    ("KZ-59", "N. Kazakh.", 3, 0),
    ("KZ-55", "Pavlodar", 4, 0),
    ("KZ-27", "W. Kazakh.", 0, 1),
    ("KZ-15", "Aktobe", 1, 1),
    ("KZ-11", "Akmola", 2, 1),
    ("KZ-71", "Astana", 3, 1),
    ("KZ-10", "Abai", 4, 1),
    ("KZ-63", "E. Kazakh.", 5, 1),
    ("KZ-23", "Atyrau", 0, 2),
    ("KZ-62", "Ulytau", 2, 2),
    ("KZ-35", "Karaganda", 3, 2),
    ("KZ-33", "Jetisu", 4, 2),
    ("KZ-47", "Mangystau", 0, 3),
    ("KZ-43", "Kyzylorda", 1, 3),
    ("KZ-61", "Turkistan", 2, 3),
    ("KZ-31", "Jambyl", 3, 3),
    ("KZ-19", "Almaty reg.", 4, 3),
    ("KZ-75", "Almaty", 5, 3),
    ("KZ-79", "Shymkent", 2, 4),
];

fn shade(badness: Option<f64>) -> &'static str {
    match badness {
        None => "#eeeeee",
        Some(b) if b < 0.1 => "#d9f0d3",
        Some(b) if b < 0.25 => "#fee8c8",
        Some(b) if b < 0.4 => "#fdbb84",
        Some(b) if b < 0.6 => "#fc8d59",
        Some(_) => "#d7301f",
    }
}

/// The tile map: one square per region, shaded by how bad its figure is.
pub fn tile_map(title: &str, tiles: &[Tile]) -> String {
    let (size, gap) = (100.0, 6.0);
    let (w, h) = (6.0 * (size + gap), 5.0 * (size + gap));
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart tiles" viewBox="0 0 {w} {h}" role="img" aria-label="{t}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title>"#,
        t = esc(title)
    );
    for (code, short, col, row) in GRID {
        let Some(t) = tiles.iter().find(|t| t.code == code) else {
            continue;
        };
        let (x, y) = (f64::from(col) * (size + gap), f64::from(row) * (size + gap));
        let ink = if t.badness.is_some_and(|b| b >= 0.6) {
            "#fff"
        } else {
            "#1d2733"
        };
        let _ = write!(
            s,
            r##"<a href="{href}"><rect x="{x}" y="{y}" width="{size}" height="{size}" rx="6" fill="{fill}" stroke="#999"><title>{name}: {text}</title></rect><text x="{cx}" y="{ty1}" text-anchor="middle" font-size="14" font-weight="bold" fill="{ink}">{short}</text><text x="{cx}" y="{ty2}" text-anchor="middle" font-size="14" fill="{ink}">{text}</text></a>"##,
            href = esc(&t.href),
            fill = shade(t.badness),
            name = esc(&t.name),
            text = esc(&t.text),
            short = esc(short),
            cx = x + size / 2.0,
            ty1 = y + 42.0,
            ty2 = y + 66.0,
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grid_places_every_unit_once() {
        let mut cells: Vec<(u8, u8)> = GRID.iter().map(|(_, _, c, r)| (*c, *r)).collect();
        cells.sort_unstable();
        cells.dedup();
        assert_eq!(cells.len(), 20);
        let mut codes: Vec<&str> = GRID.iter().map(|(c, _, _, _)| *c).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 20);
    }

    #[test]
    fn labels_are_escaped_and_bars_scale_to_the_largest() {
        let svg = pairs(
            "Received <vs> resolved",
            ("received", "resolved"),
            &[
                Pair {
                    label: "a&b".into(),
                    a: 10,
                    b: 5,
                },
                Pair {
                    label: "c".into(),
                    a: 0,
                    b: 0,
                },
            ],
        );
        assert!(svg.contains("Received &lt;vs&gt; resolved"));
        assert!(svg.contains("a&amp;b"));
        assert!(svg.contains(r#"height="166.0""#), "{svg}");
        assert!(svg.contains(r#"height="83.0""#));
    }
}
