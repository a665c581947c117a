//! The rules for photos (issue 19): how many a problem may have of each kind, how large a
//! picture may be once decoded, and how small its thumbnail is. The pipeline that applies
//! them is `services::photos`.

use super::state::PhotoKind;

/// At most this many photos of each kind per problem: five of the citizen's, five of the
/// representative's (hidden ones count: hiding does not make room).
pub const MAX_PER_KIND: usize = 5;

/// A decoded picture larger than this many pixels is refused: a few kilobytes of PNG can
/// claim to be gigapixels (a "decompression bomb").
pub const MAX_PIXELS: u64 = 40_000_000;

/// The thumbnail's longest side at most, in pixels.
pub const THUMB_MAX_SIDE: u32 = 640;

/// The quality of the stored JPEGs (1–100).
pub const JPEG_QUALITY: u8 = 85;

/// Why photos cannot be added.
#[derive(Debug, PartialEq, Eq)]
pub enum PhotoRule {
    /// The kind's limit would be passed: `MAX_PER_KIND` of `kind`.
    TooMany { kind: PhotoKind, max: usize },
    /// The picture has more than `MAX_PIXELS` pixels.
    TooLarge,
}

/// Whether `adding` more photos of `kind` fit next to the `existing` ones.
pub fn room_for(kind: PhotoKind, existing: usize, adding: usize) -> Result<(), PhotoRule> {
    if existing + adding > MAX_PER_KIND {
        return Err(PhotoRule::TooMany {
            kind,
            max: MAX_PER_KIND,
        });
    }
    Ok(())
}

/// Whether a picture of `width` × `height` may be decoded at all.
pub fn decodable(width: u32, height: u32) -> Result<(), PhotoRule> {
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(PhotoRule::TooLarge);
    }
    Ok(())
}

/// The thumbnail's size: the picture scaled down (never up) so that its longest side is at
/// most `THUMB_MAX_SIDE`, keeping its proportions (each side at least 1 pixel).
pub fn thumb_size(width: u32, height: u32) -> (u32, u32) {
    let longest = width.max(height);
    if longest <= THUMB_MAX_SIDE {
        return (width, height);
    }
    let scale = |side: u32| {
        let scaled = (u64::from(side) * u64::from(THUMB_MAX_SIDE) + u64::from(longest) / 2)
            / u64::from(longest);
        u32::try_from(scaled).unwrap_or(THUMB_MAX_SIDE).max(1)
    };
    (scale(width), scale(height))
}

/// A picture in a mail whose longest side is under this many pixels is the mail's
/// decoration (a signature's logo, an icon, a tracking pixel), not evidence: left out
/// without a word.
pub const MAIL_MIN_SIDE: u32 = 200;

/// What becomes of the pictures attached to an e-mailed reply, in their order: `sides` are
/// each one's longest side once decoded (`None` when it is not a JPEG, PNG or WebP photo we
/// take), `room` how many more of the sender's kind the problem takes. Returns the indexes
/// kept and how many attachments were left out (decorations are not counted: the sender
/// did not mean them).
pub fn mailed(sides: &[Option<u32>], room: usize) -> (Vec<usize>, usize) {
    let mut kept = Vec::new();
    let mut left_out = 0;
    for (i, side) in sides.iter().enumerate() {
        match side {
            Some(s) if *s < MAIL_MIN_SIDE => {}
            Some(_) if kept.len() < room => kept.push(i),
            _ => left_out += 1,
        }
    }
    (kept, left_out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sixth_photo_of_a_kind_does_not_fit() {
        assert_eq!(room_for(PhotoKind::Citizen, 0, 5), Ok(()));
        assert_eq!(room_for(PhotoKind::Representative, 4, 1), Ok(()));
        assert_eq!(
            room_for(PhotoKind::Citizen, 5, 1),
            Err(PhotoRule::TooMany {
                kind: PhotoKind::Citizen,
                max: 5
            })
        );
        assert!(room_for(PhotoKind::Representative, 3, 3).is_err());
    }

    #[test]
    fn mailed_pictures_fill_the_room_and_logos_are_ignored() {
        // A logo (120 px), two photos, a PDF, two more photos; room for three.
        let sides = [
            Some(120),
            Some(4000),
            Some(1200),
            None,
            Some(800),
            Some(3000),
        ];
        assert_eq!(mailed(&sides, 3), (vec![1, 2, 4], 2));
        assert_eq!(mailed(&sides, 0), (vec![], 5));
        assert_eq!(mailed(&[Some(199), Some(200)], 5), (vec![1], 0));
        assert_eq!(mailed(&[], 5), (vec![], 0));
    }

    #[test]
    fn pictures_past_forty_megapixels_are_refused() {
        assert_eq!(decodable(8000, 5000), Ok(()));
        assert_eq!(decodable(8000, 5001), Err(PhotoRule::TooLarge));
        assert_eq!(decodable(u32::MAX, u32::MAX), Err(PhotoRule::TooLarge));
    }

    #[test]
    fn thumbnails_fit_in_640_pixels_and_keep_their_shape() {
        assert_eq!(thumb_size(4000, 3000), (640, 480));
        assert_eq!(thumb_size(3000, 4000), (480, 640));
        assert_eq!(thumb_size(640, 10), (640, 10));
        assert_eq!(thumb_size(300, 200), (300, 200));
        assert_eq!(thumb_size(10000, 1), (640, 1));
    }
}
