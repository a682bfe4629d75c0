import { BACKGROUND_IMAGES, type BackgroundEffect } from '../lib/backgroundEffects';

function same(a: BackgroundEffect, b: BackgroundEffect) {
  return a.kind === b.kind && (a.kind !== 'image' || (b.kind === 'image' && a.id === b.id));
}

/** None / Blur / pictures, as toggle buttons (aria-pressed). */
export function BackgroundPicker({
  effect,
  onSelect,
  compact = false,
}: {
  effect: BackgroundEffect;
  onSelect: (effect: BackgroundEffect) => void;
  compact?: boolean;
}) {
  const options: Array<{ effect: BackgroundEffect; label: string; swatch: string; image?: string }> = [
    { effect: { kind: 'none' }, label: 'None', swatch: 'lkm-effect-none' },
    { effect: { kind: 'blur' }, label: 'Blur', swatch: 'lkm-effect-blur' },
    ...BACKGROUND_IMAGES.map((image) => ({
      effect: { kind: 'image', id: image.id } as BackgroundEffect,
      label: image.label,
      swatch: '',
      image: image.thumbnail,
    })),
  ];
  return (
    <div className={`lkm-effect-grid ${compact ? 'lkm-effect-grid-compact' : ''}`}>
      {options.map((option) => (
        <button
          key={option.label}
          type="button"
          className="lkm-effect"
          aria-pressed={same(option.effect, effect)}
          onClick={() => onSelect(option.effect)}
        >
          <span
            className={`lkm-effect-swatch ${option.swatch}`}
            aria-hidden="true"
            style={option.image ? { backgroundImage: `url("${option.image}")` } : undefined}
          />
          <span className="lkm-effect-label">{option.label}</span>
        </button>
      ))}
    </div>
  );
}
