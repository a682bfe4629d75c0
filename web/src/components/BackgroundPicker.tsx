import { useT } from '../i18n/I18n';
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
  const t = useT();
  const options: Array<{
    key: string;
    effect: BackgroundEffect;
    label: string;
    swatch: string;
    image?: string;
  }> = [
    { key: 'none', effect: { kind: 'none' }, label: t('effects.none'), swatch: 'lkm-effect-none' },
    { key: 'blur', effect: { kind: 'blur' }, label: t('effects.blur'), swatch: 'lkm-effect-blur' },
    ...BACKGROUND_IMAGES.map((image) => ({
      key: `image-${image.id}`,
      effect: { kind: 'image', id: image.id } as BackgroundEffect,
      label: t(image.label),
      swatch: '',
      image: image.thumbnail,
    })),
  ];
  return (
    <div className={`lkm-effect-grid ${compact ? 'lkm-effect-grid-compact' : ''}`}>
      {options.map((option) => (
        <button
          key={option.key}
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
