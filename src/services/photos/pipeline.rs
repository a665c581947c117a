//! The pipeline every photo goes through: decoded (JPEG, PNG or WebP only, within
//! `domain::photos::MAX_PIXELS`), turned upright by its EXIF orientation, re-encoded
//! (which leaves all metadata behind), and a thumbnail made beside it. Pure CPU work, no
//! I/O: `super::prepare_all` runs it on a blocking thread.

use crate::domain::photos as rules;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};
use std::io::Cursor;
/// A photo decoded, turned upright and re-encoded (no metadata left), not stored yet.
#[derive(Clone, Debug)]
pub struct Prepared {
    /// The picture: JPEG, or PNG for a PNG with transparency.
    pub full: Vec<u8>,
    /// `jpg` or `png`.
    pub ext: &'static str,
    /// The thumbnail, in the same format.
    pub thumb: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// Why an upload is not a photo we take.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// Not a well-formed JPEG, PNG or WebP picture.
    NotAnImage,
    /// More than `MAX_PIXELS` pixels once decoded.
    TooManyPixels,
}

/// Decodes, orients and re-encodes one upload, and makes its thumbnail. CPU work: call it
/// from a blocking thread ([`prepare_all`] does).
pub fn prepare(bytes: &[u8]) -> Result<Prepared, Refused> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| Refused::NotAnImage)?;
    let format = reader.format().ok_or(Refused::NotAnImage)?;
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP
    ) {
        return Err(Refused::NotAnImage);
    }
    let mut limits = image::Limits::default();
    // Four bytes a pixel (RGBA8) of the largest picture taken, and some room.
    limits.max_alloc = Some(rules::MAX_PIXELS * 4 + (64 << 20));
    let mut reader = reader;
    reader.limits(limits);
    let refused = |e: image::ImageError| match e {
        image::ImageError::Limits(_) => Refused::TooManyPixels,
        _ => Refused::NotAnImage,
    };
    let mut decoder = reader.into_decoder().map_err(refused)?;
    let (w, h) = decoder.dimensions();
    rules::decodable(w, h).map_err(|_| Refused::TooManyPixels)?;
    // Read before decoding (decoding consumes the decoder); applied before re-encoding,
    // which drops the tag itself with the rest of the metadata.
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(refused)?;
    img.apply_orientation(orientation);
    let transparent = format == ImageFormat::Png
        && img.color().has_alpha()
        && img.to_rgba8().pixels().any(|p| p.0[3] < 255);
    let (tw, th) = rules::thumb_size(img.width(), img.height());
    let thumb = if (tw, th) == (img.width(), img.height()) {
        img.clone()
    } else {
        img.resize_exact(tw, th, image::imageops::FilterType::Triangle)
    };
    let encode = |i: &DynamicImage| -> Result<Vec<u8>, Refused> {
        let mut out = Vec::new();
        if transparent {
            i.to_rgba8()
                .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
                .map_err(|_| Refused::NotAnImage)?;
        } else {
            let rgb = i.to_rgb8();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, rules::JPEG_QUALITY)
                .encode_image(&rgb)
                .map_err(|_| Refused::NotAnImage)?;
        }
        Ok(out)
    };
    Ok(Prepared {
        full: encode(&img)?,
        ext: if transparent { "png" } else { "jpg" },
        thumb: encode(&thumb)?,
        width: img.width(),
        height: img.height(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32, alpha: u8) -> Vec<u8> {
        let img = image::RgbaImage::from_pixel(w, h, image::Rgba([10, 200, 30, alpha]));
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn an_opaque_png_becomes_a_jpeg_and_a_transparent_one_stays_png() {
        let p = prepare(&png(30, 20, 255)).unwrap();
        assert_eq!((p.ext, p.width, p.height), ("jpg", 30, 20));
        assert!(p.full.starts_with(&[0xFF, 0xD8, 0xFF]));
        let p = prepare(&png(30, 20, 100)).unwrap();
        assert_eq!(p.ext, "png");
        assert!(p.full.starts_with(b"\x89PNG"));
    }

    #[test]
    fn text_and_truncated_pictures_are_not_images() {
        assert_eq!(
            prepare(b"hello, this is not a picture").err(),
            Some(Refused::NotAnImage)
        );
        let whole = png(30, 20, 255);
        assert_eq!(
            prepare(&whole[..whole.len() / 2]).err(),
            Some(Refused::NotAnImage)
        );
    }

    /// A PNG chunk with its CRC-32 (PNG's, bit by bit).
    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut c = 0xFFFF_FFFFu32;
        for b in kind.iter().chain(data) {
            c ^= u32::from(*b);
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        let len = u32::try_from(data.len()).unwrap().to_be_bytes();
        [&len[..], kind, data, &(!c).to_be_bytes()].concat()
    }

    #[test]
    fn a_picture_claiming_too_many_pixels_is_refused_before_decoding() {
        // A PNG header claiming 10000 x 10000 pixels, and a few bytes of data behind it.
        let mut ihdr = 10000u32.to_be_bytes().to_vec();
        ihdr.extend_from_slice(&10000u32.to_be_bytes());
        ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
        let bomb = [
            b"\x89PNG\r\n\x1a\n".to_vec(),
            chunk(b"IHDR", &ihdr),
            chunk(b"IDAT", &[0x78, 0x9c, 0x63, 0, 0]),
            chunk(b"IEND", &[]),
        ]
        .concat();
        assert_eq!(prepare(&bomb).err(), Some(Refused::TooManyPixels));
        // The same header for 6000 x 6000 (36 megapixels) passes the size check and fails
        // on its missing data instead.
        ihdr[..8].copy_from_slice(&[0, 0, 0x17, 0x70, 0, 0, 0x17, 0x70]);
        let short = [
            b"\x89PNG\r\n\x1a\n".to_vec(),
            chunk(b"IHDR", &ihdr),
            chunk(b"IDAT", &[0x78, 0x9c, 0x63, 0, 0]),
            chunk(b"IEND", &[]),
        ]
        .concat();
        assert_eq!(prepare(&short).err(), Some(Refused::NotAnImage));
    }

    #[test]
    fn thumbnails_are_at_most_640_pixels() {
        let p = prepare(&png(1300, 700, 255)).unwrap();
        let t = image::load_from_memory(&p.thumb).unwrap();
        assert_eq!((t.width(), t.height()), (640, 345));
    }
}
