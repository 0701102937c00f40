import { gradeAnswers, shuffleFor } from '../../courses/quizzes/quiz-grading';

const questions = [
  {
    id: 'q1',
    kind: 'multiple' as const,
    options: [
      { id: 'a', correct: true },
      { id: 'b', correct: true },
      { id: 'c', correct: false },
    ],
    acceptedAnswers: [],
  },
  { id: 'q2', kind: 'short' as const, options: [], acceptedAnswers: ['Autonomous  System'] },
];

describe('quiz grading', () => {
  test('multiple choice counts only the exact set of correct options', () => {
    expect(gradeAnswers(questions, { q1: ['a', 'b'] }, 50).results.q1).toBe(true);
    expect(gradeAnswers(questions, { q1: ['a'] }, 50).results.q1).toBe(false);
    expect(gradeAnswers(questions, { q1: ['a', 'b', 'c'] }, 50).results.q1).toBe(false);
  });
  test('short answers ignore case, surrounding spaces and repeated spaces', () => {
    expect(gradeAnswers(questions, { q2: '  autonomous system ' }, 50).results.q2).toBe(true);
    expect(gradeAnswers(questions, { q2: 'autonomous systems' }, 50).results.q2).toBe(false);
  });
  test('the score is the share of questions right; passing needs the pass score', () => {
    expect(gradeAnswers(questions, { q1: ['a', 'b'] }, 50)).toMatchObject({
      score: 50,
      passed: true,
    });
    expect(gradeAnswers(questions, { q1: ['a', 'b'] }, 51)).toMatchObject({
      score: 50,
      passed: false,
    });
    expect(gradeAnswers(questions, {}, 0)).toMatchObject({ score: 0, passed: true });
  });
});

describe('quiz shuffling', () => {
  const items = Array.from({ length: 8 }, (_, index) => ({ id: `item-${index}` }));
  test('the same student and attempt see the same order on every reload', () => {
    expect(shuffleFor(items, 'student:quiz:1')).toEqual(shuffleFor(items, 'student:quiz:1'));
  });
  test('another attempt or another student sees another order, with the same items', () => {
    const orders = ['s1:quiz:1', 's1:quiz:2', 's2:quiz:1'].map((seed) =>
      shuffleFor(items, seed).map((item) => item.id),
    );
    expect(new Set(orders.map((order) => order.join())).size).toBe(3);
    for (const order of orders) expect([...order].sort()).toEqual(items.map((item) => item.id));
  });
});
