import { useEffect, useState } from 'react';

/**
 * A QR code of `text` as an SVG image. The encoder is loaded on first use, so the staff
 * bundle carries it only for the therapist who shows a code.
 */
export function QrCode(props: { text: string; label: string }) {
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void import('qrcode').then(async (qrcode) => {
      const made = await qrcode.toString(props.text, {
        type: 'svg',
        margin: 2,
        errorCorrectionLevel: 'M',
      });
      if (live) setSvg(made);
    });
    return () => {
      live = false;
    };
  }, [props.text]);
  if (!svg) return null;
  return (
    <img
      className="qr-code"
      data-testid="qr-code"
      src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`}
      alt={props.label}
      width={240}
      height={240}
    />
  );
}
