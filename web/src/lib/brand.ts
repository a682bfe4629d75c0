// The server's branding (`--product-name`, `--logo`, `--accent-color`, …) applied to the page:
// the accent colour becomes the CSS custom property every accent reads, with a text colour that
// stays readable on it.
import type { Brand } from './config';

function channel(hex: string): number {
  const value = parseInt(hex, 16) / 255;
  return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance of "#rrggbb". */
export function luminance(colour: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => channel(colour.slice(i, i + 2)));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two "#rrggbb" colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

/**
 * Text on the accent: white as the built-in theme has it, unless white falls below the 3:1 that
 * WCAG asks of large text and controls and dark text reads better.
 */
export function textOnAccent(accent: string): '#ffffff' | '#111111' {
  const white = contrast(accent, '#ffffff');
  return white >= 3 || white >= contrast(accent, '#111111') ? '#ffffff' : '#111111';
}

/** Sets the accent colour's custom properties on the document (none: the built-in blue). */
export function applyAccent(brand: Brand, root: HTMLElement = document.documentElement): void {
  if (!brand.accentColor) return;
  root.style.setProperty('--lkm-accent', brand.accentColor);
  root.style.setProperty('--lkm-accent-fg', textOnAccent(brand.accentColor));
}
