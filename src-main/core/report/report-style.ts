/** The report's only stylesheet, inlined: light, print-first, A4 pages, nothing loaded from anywhere. */
export const reportCss = `
@page { size: A4; margin: 16mm 14mm 18mm; }
:root { color-scheme: light; }
* { box-sizing: border-box; }
html { background: #fff; }
body { margin: 0 auto; max-width: 190mm; padding: 12mm 0; font: 10.5pt/1.45 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1b1f24; background: #fff; }
h1 { font-size: 19pt; margin: 0 0 2mm; }
h2 { font-size: 13pt; margin: 7mm 0 2mm; padding-bottom: 1mm; border-bottom: 1px solid #c9cfd6; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11pt; margin: 4mm 0 1.5mm; break-after: avoid; }
p { margin: 1.5mm 0; }
code, .mono { font-family: "SFMono-Regular", Consolas, "Liberation Mono", Menlo, monospace; font-size: 9pt; word-break: break-all; }
.muted { color: #57606a; }
.digest { display: block; margin: 2mm 0 3mm; padding: 2.5mm 3mm; border: 1.5px solid #1b1f24; border-radius: 2mm; font-size: 10.5pt; font-weight: 600; letter-spacing: 0.02em; }
.digest-label { display: block; font: 600 8pt/1 -apple-system, "Segoe UI", Roboto, Arial, sans-serif; text-transform: uppercase; letter-spacing: 0.08em; color: #57606a; margin-bottom: 1.5mm; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.8mm 5mm; margin: 2mm 0; }
.meta dt { color: #57606a; }
.meta dd { margin: 0; overflow-wrap: anywhere; }
table { width: 100%; border-collapse: collapse; margin: 2mm 0 3mm; font-size: 9.5pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { text-align: left; vertical-align: top; padding: 1.2mm 2mm; border-bottom: 1px solid #dde1e6; overflow-wrap: break-word; }
td.nowrap, th.nowrap { white-space: nowrap; }
th { background: #f2f4f7; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.badge { display: inline-block; padding: 0.4mm 2.2mm; border-radius: 3mm; font-weight: 600; font-size: 9pt; border: 1px solid currentColor; }
.good { color: #116329; background: #dafbe1; }
.bad { color: #a40e26; background: #ffebe9; }
.warn { color: #7d4e00; background: #fff8c5; }
.neutral { color: #424a53; background: #eaeef2; }
.verdict { font-size: 12pt; padding: 1mm 3.5mm; }
.quote { margin: 2mm 0; padding: 2mm 4mm; border-left: 3px solid #8c959f; background: #f6f8fa; white-space: pre-wrap; }
.note { margin: 2mm 0; padding: 2mm 3mm; border: 1px dashed #8c959f; border-radius: 1.5mm; }
footer { margin-top: 8mm; padding-top: 2mm; border-top: 1px solid #c9cfd6; font-size: 8.5pt; color: #57606a; }
@media print { body { padding: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
`;
