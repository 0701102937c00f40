// Module content for the demo courses: lesson text, a short quiz per topic, live-session details.
// Enough for a student to take a whole level end to end in `npm run dev`. Everything is written in
// the course's language; lessons of courses not in English carry an English body too, and quiz
// questions are translated into the other two languages.
import { Types } from 'mongoose';
import { renderLessonMarkdown } from '../courses';
import demoLessonBodies from './demo-lessons.json';
import { languages, type Language } from '../i18n';
import type { CourseSeed, Texts } from './demo-data';

type Question = {
  kind: 'single' | 'multiple' | 'short';
  prompt: string;
  options?: [string, boolean][];
  acceptedAnswers?: string[];
};

type Bank = 'ipv6' | 'dns' | 'bgp' | 'management' | 'governance' | 'generic';

// One bank per language, question for question: the same options are correct in all three.
const questionBanks: Record<Language, Record<Bank, Question[]>> = {
  en: {
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
    management: [
      {
        kind: 'single',
        prompt:
          'Through which protocol do routers and switches usually expose their counters to be polled?',
        options: [
          ['SNMP', true],
          ['SMTP', false],
          ['DHCP', false],
        ],
      },
      {
        kind: 'multiple',
        prompt: 'Which of these describe traffic flows (who talked to whom, and how much)?',
        options: [
          ['NetFlow', true],
          ['IPFIX', true],
          ['Syslog', false],
        ],
      },
      {
        kind: 'short',
        prompt: 'Which standard UDP port does syslog use?',
        acceptedAnswers: ['514'],
      },
    ],
    governance: [
      {
        kind: 'single',
        prompt:
          'Which organization allocates IP addresses and AS numbers in Latin America and the Caribbean?',
        options: [
          ['LACNIC', true],
          ['IETF', false],
          ['W3C', false],
        ],
      },
      {
        kind: 'multiple',
        prompt: 'Which of these are Regional Internet Registries?',
        options: [
          ['LACNIC', true],
          ['RIPE NCC', true],
          ['ARIN', true],
          ['IETF', false],
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
  },
  es: {
    ipv6: [
      {
        kind: 'single',
        prompt: '¿Cuántos bits tiene una dirección IPv6?',
        options: [
          ['32', false],
          ['64', false],
          ['128', true],
        ],
      },
      {
        kind: 'multiple',
        prompt: '¿Cuáles de estos son mensajes de Neighbor Discovery de ICMPv6?',
        options: [
          ['Router Advertisement', true],
          ['Neighbor Solicitation', true],
          ['ARP Request', false],
        ],
      },
      {
        kind: 'short',
        prompt: 'Escribe la dirección de loopback de IPv6 en su forma más corta.',
        acceptedAnswers: ['::1'],
      },
    ],
    dns: [
      {
        kind: 'single',
        prompt: '¿Qué tipo de registro contiene una clave pública de DNSSEC?',
        options: [
          ['DNSKEY', true],
          ['RRSIG', false],
          ['SOA', false],
        ],
      },
      {
        kind: 'short',
        prompt:
          '¿Qué registro de la zona padre la vincula con la clave de la zona hija (dos letras)?',
        acceptedAnswers: ['DS'],
      },
    ],
    bgp: [
      {
        kind: 'single',
        prompt: '¿Qué autoriza un ROA?',
        options: [
          ['Que un AS origine un prefijo', true],
          ['Que un router se conecte a un IXP', false],
          ['Que un dominio use DNSSEC', false],
        ],
      },
      {
        kind: 'multiple',
        prompt: '¿Cuáles son estados posibles de la validación del origen de rutas (ROV)?',
        options: [
          ['Válido (Valid)', true],
          ['Inválido (Invalid)', true],
          ['No encontrado (NotFound)', true],
          ['Vencido (Expired)', false],
        ],
      },
    ],
    management: [
      {
        kind: 'single',
        prompt:
          '¿A través de qué protocolo suelen exponer sus contadores los routers y switches para ser consultados?',
        options: [
          ['SNMP', true],
          ['SMTP', false],
          ['DHCP', false],
        ],
      },
      {
        kind: 'multiple',
        prompt: '¿Cuáles de estos describen flujos de tráfico (quién habló con quién, y cuánto)?',
        options: [
          ['NetFlow', true],
          ['IPFIX', true],
          ['Syslog', false],
        ],
      },
      {
        kind: 'short',
        prompt: '¿Qué puerto UDP estándar usa syslog?',
        acceptedAnswers: ['514'],
      },
    ],
    governance: [
      {
        kind: 'single',
        prompt:
          '¿Qué organización asigna direcciones IP y números de AS en América Latina y el Caribe?',
        options: [
          ['LACNIC', true],
          ['IETF', false],
          ['W3C', false],
        ],
      },
      {
        kind: 'multiple',
        prompt: '¿Cuáles de estos son Registros Regionales de Internet?',
        options: [
          ['LACNIC', true],
          ['RIPE NCC', true],
          ['ARIN', true],
          ['IETF', false],
        ],
      },
    ],
    generic: [
      {
        kind: 'single',
        prompt: '¿Qué protocolo intercambia rutas entre sistemas autónomos en Internet?',
        options: [
          ['BGP', true],
          ['OSPF', false],
          ['RIP', false],
        ],
      },
      {
        kind: 'short',
        prompt: '¿Qué significa la sigla “AS” en enrutamiento?',
        acceptedAnswers: ['sistema autónomo', 'sistema autonomo'],
      },
    ],
  },
  pt: {
    ipv6: [
      {
        kind: 'single',
        prompt: 'Quantos bits tem um endereço IPv6?',
        options: [
          ['32', false],
          ['64', false],
          ['128', true],
        ],
      },
      {
        kind: 'multiple',
        prompt: 'Quais destas são mensagens de Neighbor Discovery do ICMPv6?',
        options: [
          ['Router Advertisement', true],
          ['Neighbor Solicitation', true],
          ['ARP Request', false],
        ],
      },
      {
        kind: 'short',
        prompt: 'Escreva o endereço de loopback do IPv6 na sua forma mais curta.',
        acceptedAnswers: ['::1'],
      },
    ],
    dns: [
      {
        kind: 'single',
        prompt: 'Qual tipo de registro contém uma chave pública do DNSSEC?',
        options: [
          ['DNSKEY', true],
          ['RRSIG', false],
          ['SOA', false],
        ],
      },
      {
        kind: 'short',
        prompt: 'Qual registro da zona pai a vincula à chave da zona filha (duas letras)?',
        acceptedAnswers: ['DS'],
      },
    ],
    bgp: [
      {
        kind: 'single',
        prompt: 'O que um ROA autoriza?',
        options: [
          ['Um AS a originar um prefixo', true],
          ['Um roteador a se conectar a um IXP', false],
          ['Um domínio a usar DNSSEC', false],
        ],
      },
      {
        kind: 'multiple',
        prompt: 'Quais são os estados possíveis da validação de origem de rotas (ROV)?',
        options: [
          ['Válido (Valid)', true],
          ['Inválido (Invalid)', true],
          ['Não encontrado (NotFound)', true],
          ['Expirado (Expired)', false],
        ],
      },
    ],
    management: [
      {
        kind: 'single',
        prompt:
          'Por meio de qual protocolo roteadores e switches costumam expor seus contadores para consulta?',
        options: [
          ['SNMP', true],
          ['SMTP', false],
          ['DHCP', false],
        ],
      },
      {
        kind: 'multiple',
        prompt: 'Quais destes descrevem fluxos de tráfego (quem falou com quem, e quanto)?',
        options: [
          ['NetFlow', true],
          ['IPFIX', true],
          ['Syslog', false],
        ],
      },
      {
        kind: 'short',
        prompt: 'Qual porta UDP padrão o syslog usa?',
        acceptedAnswers: ['514'],
      },
    ],
    governance: [
      {
        kind: 'single',
        prompt:
          'Qual organização atribui endereços IP e números de AS na América Latina e no Caribe?',
        options: [
          ['LACNIC', true],
          ['IETF', false],
          ['W3C', false],
        ],
      },
      {
        kind: 'multiple',
        prompt: 'Quais destes são Registros Regionais de Internet?',
        options: [
          ['LACNIC', true],
          ['RIPE NCC', true],
          ['ARIN', true],
          ['IETF', false],
        ],
      },
    ],
    generic: [
      {
        kind: 'single',
        prompt: 'Qual protocolo troca rotas entre sistemas autônomos na Internet?',
        options: [
          ['BGP', true],
          ['OSPF', false],
          ['RIP', false],
        ],
      },
      {
        kind: 'short',
        prompt: 'O que significa a sigla “AS” em roteamento?',
        acceptedAnswers: ['sistema autônomo', 'sistema autonomo'],
      },
    ],
  },
};

function bankFor(course: CourseSeed, language: Language = course.language): Question[] {
  const banks = questionBanks[language];
  if (course.topics.includes('ipv6')) return banks.ipv6;
  if (course.topics.includes('dns')) return banks.dns;
  if (course.topics.some((topic) => topic === 'bgp' || topic === 'rpki')) return banks.bgp;
  if (course.topics.includes('network-management')) return banks.management;
  if (course.topics.includes('internet-governance')) return banks.governance;
  return banks.generic;
}

/** The quiz in the course's language, each question translated from the other banks. */
function demoQuestions(course: CourseSeed) {
  const others = languages.filter((language) => language !== course.language);
  return bankFor(course).map((question, index) => ({
    kind: question.kind,
    prompt: question.prompt,
    options: (question.options ?? []).map(([text, correct]) => ({ text, correct })),
    acceptedAnswers: question.acceptedAnswers ?? [],
    translations: Object.fromEntries(
      others.map((language) => {
        const translated = bankFor(course, language)[index]!;
        return [
          language,
          {
            prompt: translated.prompt,
            options: (translated.options ?? []).map(([text]) => text),
            acceptedAnswers: translated.acceptedAnswers ?? [],
          },
        ];
      }),
    ),
  }));
}

// Each lesson's text, written for the demo (server/demo-lessons.json): in the course's language,
// and in English for courses in another, by course and lesson order.
const lessonBodies = demoLessonBodies as Record<string, Partial<Record<Language, string>>[]>;

function lessonMarkdown(courseSlug: string, lessonIndex: number, language: Language): string {
  const body = lessonBodies[courseSlug]?.[lessonIndex]?.[language];
  if (!body)
    throw new Error(`demo lesson ${lessonIndex + 1} of ${courseSlug} has no ${language} text`);
  return body;
}

type ModuleTexts = Texts<'title' | 'markdown' | 'html'>;

export function demoModules(course: CourseSeed) {
  let lessonIndex = -1;
  return course.modules.map((module) => {
    // A copy: a lesson adds its English body to it, and the seed's outline stays as written.
    const translations: ModuleTexts = {};
    for (const [language, texts] of Object.entries(module.translations ?? {}))
      translations[language as Language] = { ...texts };
    const base = {
      _id: new Types.ObjectId(),
      kind: module.kind,
      title: module.title,
      translations,
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
            questions: demoQuestions(course),
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
        lessonIndex += 1;
        const markdown = lessonMarkdown(course.slug, lessonIndex, course.language);
        // English readers of a course in another language still get a body they can read.
        if (course.language !== 'en') {
          const body = lessonMarkdown(course.slug, lessonIndex, 'en');
          translations.en = {
            ...translations.en,
            markdown: body,
            html: renderLessonMarkdown(body),
          };
        }
        return { ...base, lesson: { markdown, html: renderLessonMarkdown(markdown) } };
      }
    }
  });
}
