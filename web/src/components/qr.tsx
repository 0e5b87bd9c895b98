// A ticket's QR code as inline SVG (uqr: small, no canvas), encoding the ticket code.
import { renderSVG } from "uqr";
import { useMemo } from "preact/hooks";

export function TicketQr({ code, label }: { code: string; label: string }) {
  const svg = useMemo(() => renderSVG(code, { ecc: "M", border: 2 }), [code]);
  return <div class="qr" role="img" aria-label={label} data-code={code} dangerouslySetInnerHTML={{ __html: svg }} />;
}
