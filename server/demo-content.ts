// Module content for the demo courses: lesson text, a short quiz per topic, live-session details.
// Enough for a student to take a whole level end to end in `npm run dev`.
import { Types } from 'mongoose';
import { renderLessonMarkdown } from '../courses';
import type { CourseSeed } from './demo-data';

type Question = {
  kind: 'single' | 'multiple' | 'short';
  prompt: string;
  options?: [string, boolean][];
  acceptedAnswers?: string[];
};

const questionBank: Record<string, Question[]> = {
  ipv6: [
    {
      kind: 'single',
      prompt: 'How many bits long is an IPv6 address?',
      options: [
        ['32', false],
        ['64', false],
        ['128', true],
      ],
    },
    {
      kind: 'multiple',
      prompt: 'Which of these are ICMPv6 Neighbor Discovery messages?',
      options: [
        ['Router Advertisement', true],
        ['Neighbor Solicitation', true],
        ['ARP Request', false],
      ],
    },
    {
      kind: 'short',
      prompt: 'Write the IPv6 loopback address in its shortest form.',
      acceptedAnswers: ['::1'],
    },
  ],
  dns: [
    {
      kind: 'single',
      prompt: 'Which record type holds a DNSSEC public key?',
      options: [
        ['DNSKEY', true],
        ['RRSIG', false],
        ['SOA', false],
      ],
    },
    {
      kind: 'short',
      prompt: 'Which record in the parent zone links it to the child’s key (two letters)?',
      acceptedAnswers: ['DS'],
    },
  ],
  bgp: [
    {
      kind: 'single',
      prompt: 'What does a ROA authorize?',
      options: [
        ['An AS to originate a prefix', true],
        ['A router to join an IXP', false],
        ['A domain to use DNSSEC', false],
      ],
    },
    {
      kind: 'multiple',
      prompt: 'Which are possible Route Origin Validation states?',
      options: [
        ['Valid', true],
        ['Invalid', true],
        ['NotFound', true],
        ['Expired', false],
      ],
    },
  ],
  generic: [
    {
      kind: 'single',
      prompt: 'Which protocol carries routes between autonomous systems on the Internet?',
      options: [
        ['BGP', true],
        ['OSPF', false],
        ['RIP', false],
      ],
    },
    {
      kind: 'short',
      prompt: 'What does the acronym “AS” stand for in routing?',
      acceptedAnswers: ['autonomous system'],
    },
  ],
};

function bankFor(course: CourseSeed): Question[] {
  if (course.topics.includes('ipv6')) return questionBank.ipv6!;
  if (course.topics.includes('dns')) return questionBank.dns!;
  if (course.topics.some((topic) => topic === 'bgp' || topic === 'rpki')) return questionBank.bgp!;
  return questionBank.generic!;
}

function lessonMarkdown(course: CourseSeed, title: string): string {
  return [
    `## ${title}`,
    '',
    `This lesson of **${course.title}** covers ${title.toLowerCase()}. ${course.description}`,
    '',
    'Try it on a lab router:',
    '',
    '```',
    'show ipv6 interface brief',
    'show bgp summary',
    '```',
    '',
    'When you have read to the end, mark the lesson as done.',
  ].join('\n');
}

export function demoModules(course: CourseSeed) {
  return course.modules.map((module) => {
    const base = {
      _id: new Types.ObjectId(),
      kind: module.kind,
      title: module.title,
      required: true,
      minutes: module.minutes,
    };
    switch (module.kind) {
      case 'quiz':
        return {
          ...base,
          quiz: {
            passScore: 60,
            maxAttempts: 3,
            shuffle: true,
            questions: bankFor(course).map((question) => ({
              kind: question.kind,
              prompt: question.prompt,
              options: (question.options ?? []).map(([text, correct]) => ({ text, correct })),
              acceptedAnswers: question.acceptedAnswers ?? [],
            })),
          },
        };
      case 'live_session': {
        // Each session its own (made-up) Zoom meeting: a webhook names one meeting.
        const meetingId = String(
          81234567000 + ((new Date(module.startsAt!).getTime() / 3600_000) % 1000),
        );
        return {
          ...base,
          liveSession: {
            startsAt: new Date(module.startsAt!),
            durationMinutes: module.durationMinutes!,
            joinUrl: `https://zoom.us/j/${meetingId}`,
            meetingId,
            meetingKind: 'meeting' as const,
            attendanceThreshold: 75,
          },
        };
      }
      default: {
        const markdown = lessonMarkdown(course, module.title);
        return { ...base, lesson: { markdown, html: renderLessonMarkdown(markdown) } };
      }
    }
  });
}
