// The only module that imports pdfkit: an A4 landscape certificate with the recipient's name, what
// was achieved, the courses with their dates, and a QR code of the verification URL. DejaVu fonts
// (bundled from npm) print every name in Spanish, Portuguese and beyond.
import path from 'node:path';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

const fontsDir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

export interface CertificateData {
  issuerName: string;
  recipientName: string;
  achievementName: string;
  achievementDescription: string;
  context: string;
  color: string;
  issuedOn: Date;
  expires: Date | null;
  courses: { title: string; completedAt: Date | null }[];
  verificationUrl: string;
  certificateId: string;
}

const day = (date: Date) =>
  date.toLocaleDateString('en-GB', {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  });

export async function renderCertificatePdf(data: CertificateData): Promise<Buffer> {
  const qr = await QRCode.toBuffer(data.verificationUrl, { margin: 1, width: 240 });
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    info: {
      Title: `${data.achievementName} — ${data.recipientName}`,
      Author: data.issuerName,
      Subject: 'Certificate of achievement',
      // Fixed dates make the same award render the same bytes.
      CreationDate: data.issuedOn,
      ModDate: data.issuedOn,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.registerFont('serif', path.join(fontsDir, 'DejaVuSerif.ttf'));
  doc.registerFont('serif-bold', path.join(fontsDir, 'DejaVuSerif-Bold.ttf'));
  doc.registerFont('sans', path.join(fontsDir, 'DejaVuSans.ttf'));

  const { width, height } = doc.page;
  const color = /^#[0-9a-fA-F]{6}$/.test(data.color) ? data.color : '#1f7a4d';
  doc
    .lineWidth(10)
    .strokeColor(color)
    .rect(20, 20, width - 40, height - 40)
    .stroke();
  doc
    .lineWidth(1)
    .strokeColor('#999999')
    .rect(34, 34, width - 68, height - 68)
    .stroke();

  const inner = { x: 70, width: width - 140 };
  doc.fillColor('#4a5868').font('sans').fontSize(14);
  doc.text(data.issuerName.toUpperCase(), inner.x, 62, {
    width: inner.width,
    align: 'center',
    characterSpacing: 2,
  });
  doc.fillColor('#1d2733').font('serif-bold').fontSize(30);
  doc.text('Certificate of Achievement', inner.x, 92, { width: inner.width, align: 'center' });
  doc.font('serif').fontSize(14).fillColor('#4a5868');
  doc.text('This certifies that', inner.x, 146, { width: inner.width, align: 'center' });
  doc.font('serif-bold').fontSize(28).fillColor(color);
  doc.text(data.recipientName, inner.x, 170, { width: inner.width, align: 'center' });
  doc.font('serif').fontSize(14).fillColor('#4a5868');
  doc.text('has earned', inner.x, 214, { width: inner.width, align: 'center' });
  doc.font('serif-bold').fontSize(20).fillColor('#1d2733');
  doc.text(data.achievementName, inner.x, 236, { width: inner.width, align: 'center' });
  doc.font('sans').fontSize(11).fillColor('#4a5868');
  doc.text(`${data.context} · ${data.achievementDescription}`, inner.x + 60, 268, {
    width: inner.width - 120,
    align: 'center',
  });

  let y = 322;
  doc.font('sans').fontSize(10).fillColor('#1d2733');
  for (const course of data.courses.slice(0, 8)) {
    doc.text(
      `✓ ${course.title}${course.completedAt ? ` — completed ${day(course.completedAt)}` : ''}`,
      inner.x + 60,
      y,
      { width: inner.width - 300 },
    );
    y += 16;
  }

  const qrSize = 110;
  doc.image(qr, width - 70 - qrSize, height - 70 - qrSize, { width: qrSize });
  doc.font('sans').fontSize(9).fillColor('#4a5868');
  const footerY = height - 96;
  doc.text(
    `Issued ${day(data.issuedOn)}${data.expires ? ` · valid until ${day(data.expires)}` : ''}`,
    inner.x,
    footerY,
    { width: 420 },
  );
  doc.text(`Verify: ${data.verificationUrl}`, inner.x, footerY + 14, { width: 460 });
  doc.text(`Certificate ${data.certificateId}`, inner.x, footerY + 28, { width: 420 });

  doc.end();
  return done;
}
