import { Link } from '../lib/router';
import { useT } from '../i18n/I18n';
import { config, DEFAULT_PRODUCT_NAME } from '../lib/config';

export function LogoMark({ size = 32 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <defs>
        <linearGradient id="lkm-logo-gradient" x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#3da2ff" />
          <stop offset="1" stopColor="#1f6ef9" />
        </linearGradient>
      </defs>
      <rect width="64" height="64" rx="16" fill="url(#lkm-logo-gradient)" />
      <rect x="12" y="20" width="28" height="24" rx="6" fill="#fff" />
      <path d="M42 29.5 52 23v18l-10-6.5z" fill="#fff" />
    </svg>
  );
}

/** The brand: the server's logo (else the built-in mark) and the product name, linking home. */
export function Logo({ size = 32 }: { size?: number }) {
  const t = useT();
  const { productName, logoUrl } = config.brand;
  return (
    <Link to="/" className="lkm-logo" aria-label={t('shell.homeLink', { product: productName })}>
      {logoUrl ? (
        <img className="lkm-logo-image" src={logoUrl} alt="" height={size} data-testid="brand-logo" />
      ) : (
        <LogoMark size={size} />
      )}
      <span className="lkm-logo-text">
        {productName === DEFAULT_PRODUCT_NAME ? (
          <>
            LiveKit <strong>Meet</strong>
          </>
        ) : (
          productName
        )}
      </span>
    </Link>
  );
}
