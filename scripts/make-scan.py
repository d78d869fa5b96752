#!/usr/bin/env python3
"""Synthetic scans of a PDF: each page rasterised at DPI, turned slightly, noised, a red seal
stamped near the bottom right; written as PNG pages and one image-only PDF."""
import subprocess, sys, random, os, glob
from PIL import Image, ImageDraw, ImageFilter
import numpy as np

pdf, out, dpi, angle = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
seed = int(sys.argv[5]) if len(sys.argv) > 5 else 1
random.seed(seed); rng = np.random.default_rng(seed)
tmp = out + "-raw"
subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", pdf, tmp], check=True)
pages = []
for i, f in enumerate(sorted(glob.glob(tmp + "*.pgm"))):
    im = Image.open(f).convert("RGB")
    os.remove(f)
    w, h = im.size
    # A red seal: a ring and a star, stamped over the last lines of the page.
    seal = Image.new("RGBA", im.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(seal)
    r = int(dpi * 0.8)
    cx, cy = int(w * 0.7), int(h * 0.8)
    d.ellipse([cx - r, cy - r, cx + r, cy + r], outline=(220, 30, 40, 200), width=max(3, dpi // 40))
    d.regular_polygon((cx, cy, r // 3), 5, fill=(220, 30, 40, 200))
    # Seal ink over toner: a multiply blend (black text stays black under the red).
    ink = Image.new("RGB", im.size, (255, 255, 255))
    ink.paste(seal.convert("RGB"), mask=seal.split()[3])
    a = np.asarray(im).astype(np.float32) * np.asarray(ink).astype(np.float32) / 255.0
    im = Image.fromarray(a.astype(np.uint8))
    im = im.rotate(angle * (1 if i % 2 == 0 else -1), resample=Image.BICUBIC, expand=False, fillcolor=(255, 255, 255))
    a = np.asarray(im).astype(np.int16)
    a = a + rng.normal(0, 12, a.shape).astype(np.int16)
    speck = rng.random(a.shape[:2]) < 0.0008
    a[speck] = 0
    im = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    im.save(f"{out}-{i+1}.png", dpi=(dpi, dpi))
    pages.append(im)
pages[0].save(out + ".pdf", save_all=True, append_images=pages[1:], resolution=dpi, quality=85)
print(len(pages), "pages")
