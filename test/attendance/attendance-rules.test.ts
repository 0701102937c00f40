import {
  isPresent,
  matchParticipant,
  measureAttendance,
  nameSimilarity,
  type Directory,
} from '../../attendance/attendance-rules';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 24, 14, minute));
const window = { start: at(0), end: at(60) };
const span = (from: number, to: number) => ({ start: at(from), end: at(to) });

describe('measuring attendance', () => {
  test('rejoins are merged and overlaps counted once', () => {
    // Two devices at once (0–30 and 10–40), then a rejoin 45–60: 40 + 15 minutes.
    expect(measureAttendance([span(0, 30), span(10, 40), span(45, 60)], window)).toEqual({
      minutes: 55,
      share: 55 / 60,
    });
  });

  test('time before the start or after the end does not count', () => {
    expect(measureAttendance([span(-20, 10), span(50, 90)], window).minutes).toBe(20);
    expect(measureAttendance([span(-30, -5)], window)).toEqual({ minutes: 0, share: 0 });
  });

  test('present exactly at the threshold, absent just below it', () => {
    expect(isPresent(measureAttendance([span(0, 45)], window), 75)).toBe(true);
    expect(isPresent(measureAttendance([span(0, 44)], window), 75)).toBe(false);
  });
});

describe('matching participants to students', () => {
  const directory: Directory = {
    registrants: new Map([['reg-1', 'ana']]),
    links: new Map<string, string | null>([
      ['zoom:u-77', 'jose'],
      ['name:ghost', null],
    ]),
    byEmail: new Map([['maria@example.org', 'maria']]),
    names: new Map([
      ['ana', 'Ana Souza'],
      ['jose', 'José Niño'],
      ['maria', 'María Pérez'],
      ['mario', 'Mario Pérez'],
    ]),
  };
  const participant = (over: Partial<Parameters<typeof matchParticipant>[0]>) => ({
    key: 'zoom:u-1',
    name: 'Someone',
    email: null,
    registrantId: null,
    ...over,
  });

  test('registrant id first, then a remembered link, then the email (any case)', () => {
    expect(
      matchParticipant(
        participant({ registrantId: 'reg-1', email: 'maria@example.org' }),
        directory,
      ),
    ).toEqual({ kind: 'student', studentId: 'ana', via: 'registrant' });
    expect(matchParticipant(participant({ key: 'zoom:u-77' }), directory)).toMatchObject({
      studentId: 'jose',
      via: 'link',
    });
    expect(
      matchParticipant(participant({ email: ' MARIA@Example.org ' }), directory),
    ).toMatchObject({ studentId: 'maria', via: 'email' });
    expect(matchParticipant(participant({ key: 'name:ghost' }), directory)).toEqual({
      kind: 'ignored',
    });
  });

  test('a similar name is never credited, only suggested (both Pérez, best first)', () => {
    const match = matchParticipant(participant({ name: 'maria perez' }), directory);
    expect(match).toEqual({ kind: 'unmatched', suggestions: ['maria', 'mario'] });
    expect(nameSimilarity('Pérez, María', 'maria perez')).toBe(1);
    // An abbreviated surname is still suggested; initials alone are not.
    expect(nameSimilarity('Rosa Q.', 'Rosa Quispe')).toBeGreaterThanOrEqual(0.6);
    expect(nameSimilarity('R. Q.', 'Rosa Quispe')).toBeLessThan(0.6);
    expect(matchParticipant(participant({ name: 'iPhone de Juan' }), directory)).toEqual({
      kind: 'unmatched',
      suggestions: [],
    });
  });
});
