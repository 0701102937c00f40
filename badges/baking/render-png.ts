// SVG → PNG for badge images (PNG baking needs a PNG), with resvg: a complete SVG renderer that
// loads no external resources. Text is drawn with the bundled DejaVu fonts, never system fonts, so
// the image is the same on every machine.
import { Resvg } from '@resvg/resvg-js';
import path from 'node:path';

const fontsDir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

export function renderSvgToPng(svg: string, width = 512): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    font: {
      loadSystemFonts: false,
      fontFiles: [
        path.join(fontsDir, 'DejaVuSans.ttf'),
        path.join(fontsDir, 'DejaVuSans-Bold.ttf'),
      ],
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
    },
  });
  return Buffer.from(resvg.render().asPng());
}
