// The only module that imports pdfkit: an A4 landscape certificate with the recipient's name, what
// was achieved, the courses with their dates, and a QR code of the verification URL. DejaVu fonts
// (bundled from npm) print every name in Spanish, Portuguese and beyond.
import path from 'node:path';
import type { CertificateText } from './certificate-text';

const fontsDir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

export interface CertificateData {
  text: CertificateText;
  issuerName: string;
  signatoryName: string;
  signatoryTitle: string;
  /** The signatory's handwritten signature (PNG), if the issuer uploaded one. */
  signatureImage: Buffer | null;
  recipientName: string;
  achievementName: string;
  achievementDescription: string;
  context: string;
  color: string;
  issuedOn: Date;
  expires: Date | null;
  courses: { title: string; hours: number | null; completedAt: Date | null }[];
  verificationUrl: string;
  certificateId: string;
}

export async function renderCertificatePdf(data: CertificateData): Promise<Buffer> {
  const { text } = data;
  const day = (date: Date) =>
    date.toLocaleDateString(text.locale, {
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      timeZone: 'UTC',
    });
  // Loaded on first use: pdfkit and its fonts' parser take a third of a second to load, and most
  // processes (the web ones, and most test files) never render a certificate.
  const [{ default: PDFDocument }, { default: QRCode }] = await Promise.all([
    import('pdfkit'),
    import('qrcode'),
  ]);
  const qr = await QRCode.toBuffer(data.verificationUrl, { margin: 1, width: 240 });
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    info: {
      Title: `${data.achievementName} — ${data.recipientName}`,
      Author: data.issuerName,
      Subject: text.title,
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
  doc.text(text.title, inner.x, 92, { width: inner.width, align: 'center' });
  doc.font('serif').fontSize(14).fillColor('#4a5868');
  doc.text(text.certifiesThat, inner.x, 146, { width: inner.width, align: 'center' });
  doc.font('serif-bold').fontSize(28).fillColor(color);
  doc.text(data.recipientName, inner.x, 170, { width: inner.width, align: 'center' });
  doc.font('serif').fontSize(14).fillColor('#4a5868');
  doc.text(text.hasEarned, inner.x, 214, { width: inner.width, align: 'center' });
  doc.font('serif-bold').fontSize(20).fillColor('#1d2733');
  doc.text(data.achievementName, inner.x, 236, { width: inner.width, align: 'center' });
  doc.font('sans').fontSize(11).fillColor('#4a5868');
  doc.text(`${data.context} · ${data.achievementDescription}`, inner.x + 60, 268, {
    width: inner.width - 120,
    align: 'center',
  });

  let y = 312;
  const totalHours = data.courses.reduce((sum, course) => sum + (course.hours ?? 0), 0);
  doc.font('sans').fontSize(10).fillColor('#4a5868');
  doc.text(text.coursesCompleted(data.courses.length, totalHours), inner.x + 60, y, {
    width: inner.width - 120,
    align: 'center',
  });
  y += 20;
  doc.font('sans').fontSize(10).fillColor('#1d2733');
  for (const course of data.courses.slice(0, 6)) {
    const details = [
      course.hours ? text.hours(course.hours) : null,
      course.completedAt ? text.completedOn(day(course.completedAt)) : null,
    ].filter(Boolean);
    doc.text(`✓ ${course.title}${details.length ? ` — ${details.join(' · ')}` : ''}`, 150, y, {
      width: width - 300,
      align: 'center',
    });
    y += 15;
  }

  // Footer: dates and id on the left, the signature in the middle, the QR code on the right, and
  // the verification address on one line under them (so it can be read and typed whole).
  const footerTop = height - 165;
  const qrSize = 100;
  doc.image(qr, width - 70 - qrSize, footerTop + 10, { width: qrSize });

  // Right of centre, so the id column on the left fits a whole credential id on one line.
  const signature = { x: width / 2 - 50, width: 210 };
  const lineY = footerTop + 68;
  if (data.signatureImage)
    doc.image(data.signatureImage, signature.x + 20, footerTop + 8, {
      fit: [signature.width - 40, 60],
      align: 'center',
      valign: 'bottom',
    });
  if (data.signatureImage || data.signatoryName) {
    doc
      .lineWidth(0.8)
      .strokeColor('#4a5868')
      .moveTo(signature.x, lineY)
      .lineTo(signature.x + signature.width, lineY)
      .stroke();
    doc.font('sans').fontSize(10).fillColor('#1d2733');
    doc.text(data.signatoryName, signature.x, lineY + 5, {
      width: signature.width,
      align: 'center',
    });
    doc.font('sans').fontSize(8.5).fillColor('#4a5868');
    doc.text(data.signatoryTitle || data.issuerName, signature.x, lineY + 19, {
      width: signature.width,
      align: 'center',
    });
  }

  doc.font('sans').fontSize(8.5).fillColor('#4a5868');
  const footer = { x: inner.x, width: signature.x - inner.x - 20 };
  doc.text(
    `${text.issued(day(data.issuedOn))}${data.expires ? ` · ${text.validUntil(day(data.expires))}` : ''}`,
    footer.x,
    footerTop + 50,
    { width: footer.width },
  );
  doc.text(`${text.certificate} ${data.certificateId}`, { width: footer.width });
  doc.text(`${text.verify} ${data.verificationUrl}`, inner.x, height - 58, {
    width: width - 70 - qrSize - 20 - inner.x,
    lineBreak: false,
  });

  doc.end();
  return done;
}
