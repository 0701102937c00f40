// The demo campus of shared/design/domain.md: ISP Network Operation (3 levels) and stand-alone courses.
import type { Language } from '../i18n';
import type { LevelKey, Topic } from '../courses';
import type { Role } from '../platform/middleware/auth';

type ModuleSeed = {
  title: string;
  kind: 'lesson' | 'video' | 'quiz' | 'live_session' | 'file';
  minutes: number;
  startsAt?: string;
  durationMinutes?: number;
};

export interface CourseSeed {
  slug: string;
  title: string;
  summary: string;
  description: string;
  language: Language;
  hours: number;
  topics: Topic[];
  instructors: string[];
  modules: ModuleSeed[];
}

const lessons = (...titles: string[]): ModuleSeed[] =>
  titles.map((title) => ({ title, kind: 'lesson', minutes: 45 }));
const quiz = (title: string): ModuleSeed => ({ title, kind: 'quiz', minutes: 20 });
const live = (title: string, startsAt: string, durationMinutes = 90): ModuleSeed => ({
  title,
  kind: 'live_session',
  minutes: durationMinutes,
  startsAt,
  durationMinutes,
});

export const demoUsers: {
  email: string;
  displayName: string;
  roles: Role[];
  language: Language;
}[] = [
  { email: 'admin@campus.example', displayName: 'Ana Admin', roles: ['admin'], language: 'es' },
  {
    email: 'carlos.instructor@campus.example',
    displayName: 'Carlos Martínez',
    roles: ['instructor'],
    language: 'es',
  },
  {
    email: 'julia.instructor@campus.example',
    displayName: 'Júlia Souza',
    roles: ['instructor'],
    language: 'pt',
  },
  {
    email: 'maria@student.example',
    displayName: 'María Fernández',
    roles: ['student'],
    language: 'es',
  },
  {
    email: 'joao@student.example',
    displayName: 'João Pereira',
    roles: ['student'],
    language: 'pt',
  },
  {
    email: 'grace@student.example',
    displayName: 'Grace Thompson',
    roles: ['student'],
    language: 'en',
  },
];

/** Every demo account's password (development only; the seed refuses to run in production). */
export const demoPassword = 'campus-demo-2026';

const carlos = 'carlos.instructor@campus.example';
const julia = 'julia.instructor@campus.example';

export const demoCourses: CourseSeed[] = [
  {
    slug: 'ipv6-fundamentals',
    title: 'IPv6 Fundamentals',
    summary:
      'Addressing, headers, neighbor discovery and autoconfiguration, from first principles.',
    description:
      'Why IPv4 ran out and how IPv6 is built: address notation and types, the header and extension headers, ICMPv6 and Neighbor Discovery, SLAAC and DHCPv6, and a first address plan for a small network.',
    language: 'es',
    hours: 12,
    topics: ['ipv6'],
    instructors: [carlos],
    modules: [
      ...lessons(
        'Why IPv6',
        'Addresses and notation',
        'The IPv6 header',
        'Neighbor Discovery',
        'SLAAC and DHCPv6',
      ),
      quiz('IPv6 basics check'),
      live('Live Q&A: your first address plan', '2027-03-10T14:00:00Z'),
    ],
  },
  {
    slug: 'dns-dnssec-fundamentals',
    title: 'DNS and DNSSEC Fundamentals',
    summary:
      'How names resolve, how to run authoritative and recursive servers, and how DNSSEC signs a zone.',
    description:
      'The DNS hierarchy, resolution, caching and TTLs; running authoritative and recursive servers; DNSSEC keys, signatures and the chain of trust; validating resolvers and common failures.',
    language: 'en',
    hours: 10,
    topics: ['dns', 'security'],
    instructors: [julia],
    modules: [
      ...lessons(
        'The DNS hierarchy',
        'Resolution and caching',
        'Authoritative servers',
        'DNSSEC: keys and signatures',
        'Validating resolvers',
      ),
      quiz('DNS and DNSSEC check'),
    ],
  },
  {
    slug: 'network-management-basics',
    title: 'Network Management Basics',
    summary: 'Monitoring, SNMP, flows and logs: seeing what your network does.',
    description:
      'What to measure in an ISP network and how: SNMP and streaming telemetry, NetFlow/IPFIX, syslog, alerting, and documentation that stays true.',
    language: 'es',
    hours: 8,
    topics: ['network-management'],
    instructors: [carlos],
    modules: [
      ...lessons('What to monitor', 'SNMP and telemetry', 'Flows and logs'),
      quiz('Monitoring check'),
    ],
  },
  {
    slug: 'bgp-security-rpki-irr',
    title: 'BGP Security with RPKI and IRR',
    summary: 'Route origin validation, ROAs and IRR filtering to stop hijacks and leaks.',
    description:
      'How route hijacks and leaks happen, and the tools that stop them: IRR objects and prefix filters, RPKI certificates and ROAs, route origin validation on routers, and MANRS actions.',
    language: 'es',
    hours: 16,
    topics: ['bgp', 'rpki', 'security'],
    instructors: [carlos, julia],
    modules: [
      ...lessons(
        'Hijacks and leaks',
        'IRR and prefix filters',
        'RPKI and ROAs',
        'Route origin validation',
        'MANRS',
      ),
      quiz('BGP security check'),
      live('Tutorial: ROV on your routers', '2027-05-18T15:00:00Z', 120),
    ],
  },
  {
    slug: 'interconnection-public-private-as',
    title: 'Interconnection of Public and Private Autonomous Systems',
    summary: 'Peering, transit and IXPs: connecting your AS to the rest of the Internet.',
    description:
      'Autonomous systems and their numbers, transit and peering, Internet exchange points, private interconnects, BGP policy with communities, and how to plan an interconnection strategy.',
    language: 'pt',
    hours: 14,
    topics: ['bgp', 'interconnection'],
    instructors: [julia],
    modules: [
      ...lessons('Autonomous systems', 'Transit and peering', 'IXPs', 'BGP communities and policy'),
      quiz('Interconnection check'),
    ],
  },
  {
    slug: 'deploying-ipv6-isp',
    title: 'Deploying IPv6 in an ISP',
    summary: 'Dual stack, addressing plans and CPE: IPv6 from the core to the customer.',
    description:
      'An ISP-scale IPv6 address plan, dual-stack core and access, prefix delegation to customers, CPE requirements, transition mechanisms and operations.',
    language: 'es',
    hours: 14,
    topics: ['ipv6'],
    instructors: [carlos],
    modules: [
      ...lessons(
        'Address plan for an ISP',
        'Dual-stack core',
        'Prefix delegation',
        'CPE and transition',
      ),
      quiz('ISP deployment check'),
    ],
  },
  {
    slug: 'advanced-network-management',
    title: 'Advanced Network Management',
    summary:
      'Automation-ready operations: telemetry pipelines, capacity planning and incident practice.',
    description:
      'Building a telemetry pipeline, capacity planning with real data, change management, incident response drills and post-mortems for operators.',
    language: 'en',
    hours: 18,
    topics: ['network-management', 'automation'],
    instructors: [julia],
    modules: [
      ...lessons(
        'Telemetry pipelines',
        'Capacity planning',
        'Change management',
        'Incident response',
      ),
      quiz('Operations check'),
    ],
  },
  {
    slug: 'secure-routing-automation-lab',
    title: 'Secure Routing and Automation Lab',
    summary: 'Hands-on lab: automate filters and ROV with code and version control.',
    description:
      'A lab course: generate prefix filters from IRR data, deploy RPKI validators, automate router configuration with version control and continuous checks.',
    language: 'en',
    hours: 20,
    topics: ['bgp', 'rpki', 'automation'],
    instructors: [carlos],
    modules: [
      ...lessons(
        'Lab setup',
        'Filters from IRR data',
        'Validators in production',
        'Config as code',
      ),
      live('Lab clinic', '2027-06-08T14:00:00Z', 120),
    ],
  },
  {
    slug: 'delegated-rpki-krill',
    title: 'Delegated RPKI with Krill',
    summary: 'Run your own certificate authority with Krill and publish your ROAs.',
    description:
      'Hosted versus delegated RPKI, installing and running Krill, parent and publication setup, ROA management, monitoring and key rollover.',
    language: 'en',
    hours: 12,
    topics: ['rpki'],
    instructors: [julia],
    modules: [
      ...lessons(
        'Hosted or delegated?',
        'Installing Krill',
        'Parents and publication',
        'ROAs and monitoring',
      ),
      quiz('Krill check'),
    ],
  },
  {
    slug: 'building-ipv6-only-network',
    title: 'Building an IPv6-Only Network',
    summary: 'IPv6-only with NAT64/DNS64 and 464XLAT: running a network without IPv4 inside.',
    description:
      'Why and when IPv6-only, NAT64 and DNS64, 464XLAT for mobile and fixed access, IPv4 as a service, and operating an IPv6-only network day to day.',
    language: 'es',
    hours: 16,
    topics: ['ipv6'],
    instructors: [carlos],
    modules: [
      ...lessons('Why IPv6-only', 'NAT64 and DNS64', '464XLAT', 'Operating IPv6-only'),
      quiz('IPv6-only check'),
    ],
  },
  {
    slug: 'internet-governance-lac',
    title: 'Introduction to Internet Governance in LAC',
    summary: 'Who runs what on the Internet, and how the region takes part.',
    description:
      'The multistakeholder model, ICANN, the RIRs and IETF, the IGF and regional forums, policy development processes, and how to take part in them from Latin America and the Caribbean.',
    language: 'es',
    hours: 6,
    topics: ['internet-governance'],
    instructors: [julia],
    modules: [
      ...lessons('The multistakeholder model', 'Who is who', 'Policy development'),
      live('Webinar: governance in the region', '2027-04-21T16:00:00Z', 60),
    ],
  },
];

export const demoSpecialization = {
  slug: 'isp-network-operation',
  title: 'ISP Network Operation',
  summary:
    'From IPv6 and DNS basics to secure routing and automation: the skills an ISP operator needs.',
  description:
    'A structured specialization in three levels. Complete every course of a level to earn its Open Badge and certificate; complete all three levels to complete the specialization.',
  levels: [
    {
      key: 'basic' as LevelKey,
      title: 'Basic',
      summary: 'The foundations every operator needs.',
      courses: ['ipv6-fundamentals', 'dns-dnssec-fundamentals', 'network-management-basics'],
    },
    {
      key: 'intermediate' as LevelKey,
      title: 'Intermediate',
      summary: 'Routing security, interconnection and IPv6 at ISP scale.',
      courses: ['bgp-security-rpki-irr', 'interconnection-public-private-as', 'deploying-ipv6-isp'],
    },
    {
      key: 'advanced' as LevelKey,
      title: 'Advanced',
      summary: 'Operations, automation and running your own RPKI.',
      courses: [
        'advanced-network-management',
        'secure-routing-automation-lab',
        'delegated-rpki-krill',
        'building-ipv6-only-network',
      ],
    },
  ],
};

/** The badges of ISP Network Operation: one per level, one for the whole specialization. */
export const demoAchievements: {
  slug: string;
  level?: LevelKey;
  name: string;
  description: string;
  criteriaNarrative: string;
  tags: string[];
  alignment: Topic[];
  color: string;
  validForMonths?: number;
}[] = [
  {
    slug: 'isp-network-operation-basic',
    level: 'basic',
    name: 'ISP Network Operation — Basic',
    description:
      'Operates the foundations of an ISP network: IPv6 addressing, DNS and DNSSEC, and network monitoring.',
    criteriaNarrative:
      'Complete every course of the basic level of the ISP Network Operation specialization.',
    tags: ['ISP', 'IPv6', 'DNS'],
    alignment: ['ipv6', 'dns', 'network-management'],
    color: '#1f7a4d',
    validForMonths: 36,
  },
  {
    slug: 'isp-network-operation-intermediate',
    level: 'intermediate',
    name: 'ISP Network Operation — Intermediate',
    description:
      'Secures and interconnects an ISP network: RPKI and IRR, interconnection between autonomous systems, IPv6 deployment.',
    criteriaNarrative:
      'Complete every course of the intermediate level of the ISP Network Operation specialization.',
    tags: ['ISP', 'RPKI', 'BGP'],
    alignment: ['rpki', 'bgp', 'ipv6'],
    color: '#0b5cad',
    validForMonths: 36,
  },
  {
    slug: 'isp-network-operation-advanced',
    level: 'advanced',
    name: 'ISP Network Operation — Advanced',
    description:
      'Runs an ISP network at an advanced level: network management, secure routing and automation, delegated RPKI, IPv6-only networks.',
    criteriaNarrative:
      'Complete every course of the advanced level of the ISP Network Operation specialization.',
    tags: ['ISP', 'automation', 'RPKI'],
    alignment: ['network-management', 'automation', 'rpki'],
    color: '#6b3fa0',
    validForMonths: 36,
  },
  {
    slug: 'isp-network-operation',
    name: 'ISP Network Operation Specialist',
    description: 'Completed all three levels of the ISP Network Operation specialization.',
    criteriaNarrative:
      'Complete the basic, intermediate and advanced levels of ISP Network Operation.',
    tags: ['ISP', 'specialization'],
    alignment: ['ipv6', 'rpki', 'bgp', 'dns', 'network-management'],
    color: '#b26a00',
  },
];
