//! Charts drawn by the server as inline SVG: no script, no external assets, readable on a
//! phone (they scale to the width of the page) and by screen readers (each has a title
//! and every bar or tile a text). The callers pass every word already in the page's
//! language; numbers on the axes and bars are formatted here for `lang` by
//! [`crate::locale`].

use crate::locale;
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
    /// What each bar's tooltip says, e.g. `28.11: 3 problems received`.
    pub tip_a: String,
    pub tip_b: String,
}

/// The step and number of steps of a count axis that reaches `largest`: a step of 1, 2 or
/// 5 times a power of ten, at most four steps, at least one.
fn count_ticks(largest: u64) -> (u64, u64) {
    let mut magnitude = 1u64;
    loop {
        for m in [1, 2, 5] {
            let step = m * magnitude;
            if step * 4 >= largest {
                return (step, largest.div_ceil(step).max(1));
            }
        }
        magnitude = magnitude.saturating_mul(10);
    }
}

/// Grouped bars: series `a` and `b` (e.g. received and resolved) per bucket; `names` are
/// the legend's.
pub fn pairs(lang: &str, title: &str, names: (&str, &str), points: &[Pair]) -> String {
    let (w, h, left, bottom, top) = (640.0, 220.0, 40.0, 30.0, 24.0);
    let largest = points.iter().map(|p| p.a.max(p.b)).max().unwrap_or(0);
    // Counts get whole-number ticks (0, 1 when the largest is 1; 0, 5, 10, 15 …), and the
    // bars scale to the top tick.
    let (step, ticks) = count_ticks(largest);
    let max = (step * ticks) as f64;
    let plot_h = h - bottom - top;
    let slot = (w - left - 10.0) / points.len().max(1) as f64;
    let bar = (slot * 0.4).max(1.0);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-label="{t}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title>"#,
        t = esc(title)
    );
    for i in 0..=ticks {
        let v = (step * i) as f64;
        let y = top + plot_h - plot_h * v / max;
        let _ = write!(
            s,
            r##"<line x1="{left}" x2="{w}" y1="{y:.1}" y2="{y:.1}" stroke="#ddd"/><text x="{x:.1}" y="{ty:.1}" font-size="10" text-anchor="end">{v}</text>"##,
            x = left - 4.0,
            ty = y + 3.0,
            v = locale::fmt_number(lang, v, 0)
        );
    }
    let every = (points.len() / 8).max(1);
    for (i, p) in points.iter().enumerate() {
        let x = left + slot * i as f64 + slot * 0.1;
        for (j, (v, class, tip)) in [(p.a, "a", &p.tip_a), (p.b, "b", &p.tip_b)]
            .into_iter()
            .enumerate()
        {
            let bh = plot_h * v as f64 / max;
            let _ = write!(
                s,
                r#"<rect class="series-{class}" x="{bx:.1}" y="{by:.1}" width="{bar:.1}" height="{bh:.1}"><title>{tip}</title></rect>"#,
                bx = x + bar * j as f64,
                by = top + plot_h - bh,
                tip = esc(tip)
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
    /// What the bar's tooltip says, e.g. `under 7 days: 3 open problems`.
    pub tip: String,
}

/// Horizontal bars, each a link to what it counts.
pub fn bars(lang: &str, title: &str, items: &[Bar]) -> String {
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
            r#"<a href="{href}"><title>{tip}</title><text x="0" y="{ty:.1}" font-size="12">{l}</text><rect class="series-a" x="{label_w}" y="{y:.1}" width="{bw:.1}" height="{bh:.1}"/><text x="{tx:.1}" y="{ty:.1}" font-size="12">{n}</text></a>"#,
            href = esc(&b.href),
            tip = esc(&b.tip),
            ty = y + 15.0,
            l = esc(&b.label),
            bh = row - 8.0,
            tx = label_w + bw + 6.0,
            n = locale::fmt_count(lang, i64::try_from(b.n).unwrap_or(i64::MAX))
        );
    }
    s.push_str("</svg>");
    s
}

/// One region's tile.
pub struct Tile {
    pub code: String,
    /// 0 (good) to 1 (worst); `None`: no data.
    pub badness: Option<f64>,
    /// The figure written on the tile, e.g. `43%`.
    pub text: String,
    /// What the tile's tooltip says: the region's full name and its figure.
    pub tip: String,
    pub href: String,
}

/// Where each of Kazakhstan's 20 units sits on the tile grid (column, row), roughly as
/// on the map: west to east, north to south.
pub const GRID: [(&str, u8, u8); 20] = [
    ("KZ-39", 2, 0),
    ("KZ-59", 3, 0),
    ("KZ-55", 4, 0),
    ("KZ-27", 0, 1),
    ("KZ-15", 1, 1),
    ("KZ-11", 2, 1),
    ("KZ-71", 3, 1),
    ("KZ-10", 4, 1),
    ("KZ-63", 5, 1),
    ("KZ-23", 0, 2),
    ("KZ-62", 2, 2),
    ("KZ-35", 3, 2),
    ("KZ-33", 4, 2),
    ("KZ-47", 0, 3),
    ("KZ-43", 1, 3),
    ("KZ-61", 2, 3),
    ("KZ-31", 3, 3),
    ("KZ-19", 4, 3),
    ("KZ-75", 5, 3),
    ("KZ-79", 2, 4),
];

/// The short label a region's tile shows in `lang`, from the catalog
/// (`dash-tile-kz-39 = Қостанай`): the full names do not fit a tile.
pub fn tile_label(lang: &str, code: &str) -> String {
    crate::i18n::message(lang, &tile_key(code))
}

fn tile_key(code: &str) -> String {
    format!("dash.tile.{}", code.to_ascii_lowercase())
}

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

/// The tile map: one square per region, shaded by how bad its figure is, labelled in
/// `lang`.
pub fn tile_map(lang: &str, title: &str, tiles: &[Tile]) -> String {
    let (size, gap) = (100.0, 6.0);
    let (w, h) = (6.0 * (size + gap), 5.0 * (size + gap));
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart tiles" viewBox="0 0 {w} {h}" role="img" aria-label="{t}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title>"#,
        t = esc(title)
    );
    for (code, col, row) in GRID {
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
            r##"<a href="{href}"><rect x="{x}" y="{y}" width="{size}" height="{size}" rx="6" fill="{fill}" stroke="#999"><title>{tip}</title></rect><text x="{cx}" y="{ty1}" text-anchor="middle" font-size="14" font-weight="bold" fill="{ink}">{short}</text><text x="{cx}" y="{ty2}" text-anchor="middle" font-size="14" fill="{ink}">{text}</text></a>"##,
            href = esc(&t.href),
            fill = shade(t.badness),
            tip = esc(&t.tip),
            text = esc(&t.text),
            short = esc(&tile_label(lang, code)),
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
    fn count_axes_have_whole_ticks() {
        assert_eq!(count_ticks(0), (1, 1));
        assert_eq!(count_ticks(1), (1, 1));
        assert_eq!(count_ticks(3), (1, 3));
        assert_eq!(count_ticks(4), (1, 4));
        assert_eq!(count_ticks(5), (2, 3));
        assert_eq!(count_ticks(30), (10, 3));
        assert_eq!(count_ticks(89), (50, 2));
        assert_eq!(count_ticks(1234), (500, 3));
        // Issue 15, finding 6: a largest count of 1 reads 0, 1 (not 0, 0, 0, 1, 1).
        let svg = pairs(
            "en",
            "t",
            ("a", "b"),
            &[Pair {
                label: "x".into(),
                a: 1,
                b: 0,
                tip_a: String::new(),
                tip_b: String::new(),
            }],
        );
        let ticks: Vec<&str> = svg
            .split(r#"text-anchor="end">"#)
            .skip(1)
            .map(|t| t.split('<').next().unwrap())
            .collect();
        assert_eq!(ticks, ["0", "1"]);
    }

    #[test]
    fn the_grid_places_every_unit_once() {
        let mut cells: Vec<(u8, u8)> = GRID.iter().map(|(_, c, r)| (*c, *r)).collect();
        cells.sort_unstable();
        cells.dedup();
        assert_eq!(cells.len(), 20);
        let mut codes: Vec<&str> = GRID.iter().map(|(c, _, _)| *c).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 20);
    }

    /// Roughly how wide `s` is in a 14 px bold sans-serif font, by the usual advance (in
    /// em) of wide capitals, wide small letters, narrow marks, other capitals and other
    /// small letters, each rounded up.
    fn width_px(s: &str) -> f64 {
        s.chars()
            .map(|c| match c {
                'M' | 'W' | 'М' | 'Ш' | 'Щ' | 'Ж' | 'Ю' | 'Ы' | 'Ң' => 0.92,
                'm' | 'w' | 'м' | 'ш' | 'щ' | 'ж' | 'ю' | 'ы' | 'ң' => 0.8,
                ' ' | '.' | '-' | 'i' | 'l' | 'I' | 'і' | 'І' => 0.3,
                c if c.is_uppercase() => 0.72,
                _ => 0.62,
            })
            .sum::<f64>()
            * 14.0
    }

    #[test]
    fn every_tile_has_a_short_label_in_every_language_that_fits_its_tile() {
        for (lang, _) in crate::i18n::CATALOGS {
            for (code, _, _) in GRID {
                let label = tile_label(lang, code);
                assert_ne!(label, tile_key(code), "{lang}: no label for {code}");
                // The tile is 100 px wide; keep 2 px either side.
                assert!(
                    width_px(&label) <= 96.0,
                    "{lang} {code}: {label:?} is {} px wide",
                    width_px(&label)
                );
            }
        }
        assert_eq!(tile_label("kk", "KZ-59"), "Солт. Қаз.");
        assert_eq!(tile_label("ru", "KZ-71"), "Астана");
        assert_eq!(tile_label("en", "KZ-19"), "Almaty reg.");
    }

    #[test]
    fn labels_are_escaped_and_bars_scale_to_the_largest() {
        let svg = pairs(
            "en",
            "Received <vs> resolved",
            ("received", "resolved"),
            &[
                Pair {
                    label: "a&b".into(),
                    a: 10,
                    b: 5,
                    tip_a: "a&b: 10 received".into(),
                    tip_b: "a&b: 5 resolved".into(),
                },
                Pair {
                    label: "c".into(),
                    a: 0,
                    b: 0,
                    tip_a: "c: 0 received".into(),
                    tip_b: "c: 0 resolved".into(),
                },
            ],
        );
        assert!(svg.contains("Received &lt;vs&gt; resolved"));
        assert!(svg.contains("a&amp;b"));
        assert!(svg.contains("<title>a&amp;b: 5 resolved</title>"));
        assert!(svg.contains(r#"height="166.0""#), "{svg}");
        assert!(svg.contains(r#"height="83.0""#));
    }

    #[test]
    fn numbers_on_the_axes_and_bars_follow_the_language() {
        let bar = |n| Bar {
            label: "x".into(),
            n,
            href: "/".into(),
            tip: "x".into(),
        };
        let svg = bars("ru", "t", &[bar(12_345), bar(2)]);
        assert!(svg.contains(">12\u{a0}345</text>"), "{svg}");
        let svg = bars("en", "t", &[bar(12_345)]);
        assert!(svg.contains(">12,345</text>"), "{svg}");
    }
}
