// The demo campus of shared/design/domain.md: ISP Network Operation (3 levels) and stand-alone courses.
// Each course is written in its own language and translated into the other two, as a regional
// registry's campus would be; the specialization and its badges are written in all three.
import type { Language } from '../i18n';
import type { LevelKey, Topic } from '../courses';
import type { Role } from '../platform/middleware/auth';

/** Texts translated into other languages, keyed by language; any may be missing. */
export type Texts<F extends string> = Partial<Record<Language, Partial<Record<F, string>>>>;

type ModuleSeed = {
  /** In the course's language. */
  title: string;
  translations?: Texts<'title'>;
  kind: 'lesson' | 'video' | 'quiz' | 'live_session' | 'file';
  minutes: number;
  startsAt?: string;
  durationMinutes?: number;
};

export interface CourseSeed {
  slug: string;
  /** `title`, `summary` and `description` are written in `language`. */
  title: string;
  summary: string;
  description: string;
  /** The same texts in the other two languages. */
  translations: Texts<'title' | 'summary' | 'description'>;
  language: Language;
  hours: number;
  topics: Topic[];
  instructors: string[];
  modules: ModuleSeed[];
}

// A module's title in every language: `course()` keeps the course's own as the title and the
// other two as translations, so an outline reads the same whatever the course's language.
type Titles = Record<Language, string>;
type Outline = Omit<ModuleSeed, 'title' | 'translations'> & { titles: Titles };

const lessons = (...titles: Titles[]): Outline[] =>
  titles.map((names) => ({ titles: names, kind: 'lesson', minutes: 45 }));
const quiz = (titles: Titles): Outline => ({ titles, kind: 'quiz', minutes: 20 });
const live = (titles: Titles, startsAt: string, durationMinutes = 90): Outline => ({
  titles,
  kind: 'live_session',
  minutes: durationMinutes,
  startsAt,
  durationMinutes,
});

function course({ modules, ...seed }: Omit<CourseSeed, 'modules'> & { modules: Outline[] }) {
  return {
    ...seed,
    modules: modules.map(({ titles, ...module }): ModuleSeed => {
      const translations: Texts<'title'> = {};
      for (const [language, title] of Object.entries(titles) as [Language, string][])
        if (language !== seed.language) translations[language] = { title };
      return { title: titles[seed.language], translations, ...module };
    }),
  } satisfies CourseSeed;
}

export const demoUsers: {
  email: string;
  displayName: string;
  roles: Role[];
  language: Language;
  /** What students read about an instructor, in the three languages. */
  instructorProfile?: {
    language: Language;
    headline: string;
    bio: string;
    translations: Partial<Record<Language, { headline: string; bio: string }>>;
  };
}[] = [
  { email: 'admin@campus.example', displayName: 'Ana Admin', roles: ['admin'], language: 'es' },
  {
    email: 'carlos.instructor@campus.example',
    displayName: 'Carlos Martínez',
    roles: ['instructor'],
    language: 'es',
    instructorProfile: {
      language: 'es',
      headline: 'Ingeniero de redes en un IXP de la región, 15 años operando BGP',
      bio: 'Opero el route server de un punto de intercambio y acompaño a redes de la región en su despliegue de IPv6 y RPKI.\n\nEnseño lo que uso cada día: configuraciones reales, errores frecuentes y cómo diagnosticarlos.',
      translations: {
        en: {
          headline: 'Network engineer at a regional IXP, 15 years running BGP',
          bio: 'I run the route server of an Internet exchange point and help networks in the region deploy IPv6 and RPKI.\n\nI teach what I use every day: real configurations, common mistakes and how to diagnose them.',
        },
        pt: {
          headline: 'Engenheiro de redes em um IXP da região, 15 anos operando BGP',
          bio: 'Opero o route server de um ponto de troca de tráfego e acompanho redes da região na implantação de IPv6 e RPKI.\n\nEnsino o que uso todos os dias: configurações reais, erros frequentes e como diagnosticá-los.',
        },
      },
    },
  },
  {
    email: 'julia.instructor@campus.example',
    displayName: 'Júlia Souza',
    roles: ['instructor'],
    language: 'pt',
    instructorProfile: {
      language: 'pt',
      headline: 'Especialista em DNS e segurança de roteamento',
      bio: 'Trabalho com operação de DNS autoritativo e DNSSEC há mais de dez anos e coordeno treinamentos para provedores da região.\n\nGosto de laboratórios curtos: cada conceito termina em um comando que você pode testar.',
      translations: {
        en: {
          headline: 'DNS and routing security specialist',
          bio: 'I have run authoritative DNS and DNSSEC for over ten years and coordinate training for network operators in the region.\n\nI like short labs: every idea ends in a command you can try.',
        },
        es: {
          headline: 'Especialista en DNS y seguridad del enrutamiento',
          bio: 'Trabajo en la operación de DNS autoritativo y DNSSEC desde hace más de diez años y coordino capacitaciones para proveedores de la región.\n\nMe gustan los laboratorios cortos: cada concepto termina en un comando que puedes probar.',
        },
      },
    },
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
  course({
    slug: 'ipv6-fundamentals',
    title: 'Fundamentos de IPv6',
    summary:
      'Direccionamiento, encabezados, descubrimiento de vecinos y autoconfiguración, desde los principios básicos.',
    description:
      'Por qué se agotó IPv4 y cómo está construido IPv6: notación y tipos de direcciones, el encabezado y los encabezados de extensión, ICMPv6 y Neighbor Discovery, SLAAC y DHCPv6, y un primer plan de direccionamiento para una red pequeña.',
    translations: {
      en: {
        title: 'IPv6 Fundamentals',
        summary:
          'Addressing, headers, neighbor discovery and autoconfiguration, from first principles.',
        description:
          'Why IPv4 ran out and how IPv6 is built: address notation and types, the header and extension headers, ICMPv6 and Neighbor Discovery, SLAAC and DHCPv6, and a first address plan for a small network.',
      },
      pt: {
        title: 'Fundamentos de IPv6',
        summary:
          'Endereçamento, cabeçalhos, descoberta de vizinhança e autoconfiguração, a partir dos princípios básicos.',
        description:
          'Por que o IPv4 se esgotou e como o IPv6 é construído: notação e tipos de endereços, o cabeçalho e os cabeçalhos de extensão, ICMPv6 e Neighbor Discovery, SLAAC e DHCPv6, e um primeiro plano de endereçamento para uma rede pequena.',
      },
    },
    language: 'es',
    hours: 12,
    topics: ['ipv6'],
    instructors: [carlos],
    modules: [
      ...lessons(
        { en: 'Why IPv6', es: 'Por qué IPv6', pt: 'Por que IPv6' },
        { en: 'Addresses and notation', es: 'Direcciones y notación', pt: 'Endereços e notação' },
        { en: 'The IPv6 header', es: 'El encabezado IPv6', pt: 'O cabeçalho IPv6' },
        {
          en: 'Neighbor Discovery',
          es: 'Descubrimiento de vecinos (Neighbor Discovery)',
          pt: 'Descoberta de vizinhança (Neighbor Discovery)',
        },
        { en: 'SLAAC and DHCPv6', es: 'SLAAC y DHCPv6', pt: 'SLAAC e DHCPv6' },
      ),
      quiz({
        en: 'IPv6 basics check',
        es: 'Cuestionario: conceptos básicos de IPv6',
        pt: 'Questionário: conceitos básicos de IPv6',
      }),
      live(
        {
          en: 'Live Q&A: your first address plan',
          es: 'Preguntas y respuestas en vivo: tu primer plan de direccionamiento',
          pt: 'Perguntas e respostas ao vivo: seu primeiro plano de endereçamento',
        },
        '2027-03-10T14:00:00Z',
      ),
    ],
  }),
  course({
    slug: 'dns-dnssec-fundamentals',
    title: 'DNS and DNSSEC Fundamentals',
    summary:
      'How names resolve, how to run authoritative and recursive servers, and how DNSSEC signs a zone.',
    description:
      'The DNS hierarchy, resolution, caching and TTLs; running authoritative and recursive servers; DNSSEC keys, signatures and the chain of trust; validating resolvers and common failures.',
    translations: {
      es: {
        title: 'Fundamentos de DNS y DNSSEC',
        summary:
          'Cómo se resuelven los nombres, cómo operar servidores autoritativos y recursivos, y cómo DNSSEC firma una zona.',
        description:
          'La jerarquía del DNS, la resolución, el caché y los TTL; la operación de servidores autoritativos y recursivos; las claves, las firmas y la cadena de confianza de DNSSEC; los resolvers validadores y las fallas más comunes.',
      },
      pt: {
        title: 'Fundamentos de DNS e DNSSEC',
        summary:
          'Como os nomes são resolvidos, como operar servidores autoritativos e recursivos e como o DNSSEC assina uma zona.',
        description:
          'A hierarquia do DNS, a resolução, o cache e os TTLs; a operação de servidores autoritativos e recursivos; as chaves, as assinaturas e a cadeia de confiança do DNSSEC; resolvedores validadores e falhas comuns.',
      },
    },
    language: 'en',
    hours: 8,
    topics: ['dns', 'security'],
    instructors: [julia],
    modules: [
      ...lessons(
        { en: 'The DNS hierarchy', es: 'La jerarquía del DNS', pt: 'A hierarquia do DNS' },
        { en: 'Resolution and caching', es: 'Resolución y caché', pt: 'Resolução e cache' },
        {
          en: 'Authoritative servers',
          es: 'Servidores autoritativos',
          pt: 'Servidores autoritativos',
        },
        {
          en: 'DNSSEC: keys and signatures',
          es: 'DNSSEC: claves y firmas',
          pt: 'DNSSEC: chaves e assinaturas',
        },
        {
          en: 'Validating resolvers',
          es: 'Resolvers validadores',
          pt: 'Resolvedores validadores',
        },
      ),
      quiz({
        en: 'DNS and DNSSEC check',
        es: 'Cuestionario: DNS y DNSSEC',
        pt: 'Questionário: DNS e DNSSEC',
      }),
    ],
  }),
  course({
    slug: 'network-management-basics',
    title: 'Fundamentos de gestión de redes',
    summary: 'Monitoreo, SNMP, flujos y logs: ver qué hace realmente tu red.',
    description:
      'Qué medir en la red de un ISP y cómo hacerlo: SNMP y telemetría en streaming, NetFlow/IPFIX, syslog, alertas y una documentación que se mantenga fiel a la realidad.',
    translations: {
      en: {
        title: 'Network Management Basics',
        summary: 'Monitoring, SNMP, flows and logs: seeing what your network does.',
        description:
          'What to measure in an ISP network and how: SNMP and streaming telemetry, NetFlow/IPFIX, syslog, alerting, and documentation that stays true.',
      },
      pt: {
        title: 'Fundamentos de gerenciamento de redes',
        summary: 'Monitoramento, SNMP, fluxos e logs: enxergar o que a sua rede realmente faz.',
        description:
          'O que medir na rede de um provedor e como: SNMP e telemetria por streaming, NetFlow/IPFIX, syslog, alertas e uma documentação que continue fiel à realidade.',
      },
    },
    language: 'es',
    hours: 6,
    topics: ['network-management'],
    instructors: [carlos],
    modules: [
      ...lessons(
        { en: 'What to monitor', es: 'Qué monitorear', pt: 'O que monitorar' },
        { en: 'SNMP and telemetry', es: 'SNMP y telemetría', pt: 'SNMP e telemetria' },
        { en: 'Flows and logs', es: 'Flujos y logs', pt: 'Fluxos e logs' },
      ),
      quiz({
        en: 'Monitoring check',
        es: 'Cuestionario: monitoreo',
        pt: 'Questionário: monitoramento',
      }),
    ],
  }),
  course({
    slug: 'bgp-security-rpki-irr',
    title: 'Seguridad en BGP con RPKI e IRR',
    summary:
      'Validación del origen de rutas, ROA y filtrado con IRR para frenar secuestros y fugas de rutas.',
    description:
      'Cómo ocurren los secuestros de prefijos y las fugas de rutas, y las herramientas que los evitan: objetos IRR y filtros de prefijos, certificados RPKI y ROA, validación del origen de rutas (ROV) en los routers y las acciones de MANRS.',
    translations: {
      en: {
        title: 'BGP Security with RPKI and IRR',
        summary: 'Route origin validation, ROAs and IRR filtering to stop hijacks and leaks.',
        description:
          'How route hijacks and leaks happen, and the tools that stop them: IRR objects and prefix filters, RPKI certificates and ROAs, route origin validation on routers, and MANRS actions.',
      },
      pt: {
        title: 'Segurança em BGP com RPKI e IRR',
        summary:
          'Validação de origem de rotas, ROAs e filtragem com IRR para impedir sequestros e vazamentos de rotas.',
        description:
          'Como acontecem os sequestros de prefixos e os vazamentos de rotas, e as ferramentas que os evitam: objetos IRR e filtros de prefixos, certificados RPKI e ROAs, validação de origem de rotas (ROV) nos roteadores e as ações do MANRS.',
      },
    },
    language: 'es',
    hours: 12,
    topics: ['bgp', 'rpki', 'security'],
    instructors: [carlos, julia],
    modules: [
      ...lessons(
        {
          en: 'Hijacks and leaks',
          es: 'Secuestros y fugas de rutas',
          pt: 'Sequestros e vazamentos de rotas',
        },
        {
          en: 'IRR and prefix filters',
          es: 'IRR y filtros de prefijos',
          pt: 'IRR e filtros de prefixos',
        },
        { en: 'RPKI and ROAs', es: 'RPKI y ROA', pt: 'RPKI e ROAs' },
        {
          en: 'Route origin validation',
          es: 'Validación del origen de rutas',
          pt: 'Validação de origem de rotas',
        },
        { en: 'MANRS', es: 'MANRS', pt: 'MANRS' },
      ),
      quiz({
        en: 'BGP security check',
        es: 'Cuestionario: seguridad en BGP',
        pt: 'Questionário: segurança em BGP',
      }),
      live(
        {
          en: 'Tutorial: ROV on your routers',
          es: 'Tutorial: ROV en tus routers',
          pt: 'Tutorial: ROV nos seus roteadores',
        },
        '2027-05-18T15:00:00Z',
        120,
      ),
    ],
  }),
  course({
    slug: 'interconnection-public-private-as',
    title: 'Interconexão de sistemas autônomos públicos e privados',
    summary: 'Peering, trânsito e IXPs: como conectar o seu AS ao resto da Internet.',
    description:
      'Os sistemas autônomos e seus números, trânsito e peering, pontos de troca de tráfego (IXPs), interconexões privadas, política BGP com communities e como planejar uma estratégia de interconexão.',
    translations: {
      en: {
        title: 'Interconnection of Public and Private Autonomous Systems',
        summary: 'Peering, transit and IXPs: connecting your AS to the rest of the Internet.',
        description:
          'Autonomous systems and their numbers, transit and peering, Internet exchange points, private interconnects, BGP policy with communities, and how to plan an interconnection strategy.',
      },
      es: {
        title: 'Interconexión de sistemas autónomos públicos y privados',
        summary: 'Peering, tránsito e IXP: cómo conectar tu AS con el resto de Internet.',
        description:
          'Los sistemas autónomos y sus números, tránsito y peering, puntos de intercambio de tráfico (IXP), interconexiones privadas, política BGP con comunidades y cómo planificar una estrategia de interconexión.',
      },
    },
    language: 'pt',
    hours: 8,
    topics: ['bgp', 'interconnection'],
    instructors: [julia],
    modules: [
      ...lessons(
        { en: 'Autonomous systems', es: 'Sistemas autónomos', pt: 'Sistemas autônomos' },
        { en: 'Transit and peering', es: 'Tránsito y peering', pt: 'Trânsito e peering' },
        {
          en: 'IXPs',
          es: 'Puntos de intercambio de tráfico (IXP)',
          pt: 'Pontos de troca de tráfego (IXPs)',
        },
        {
          en: 'BGP communities and policy',
          es: 'Comunidades BGP y políticas de enrutamiento',
          pt: 'Communities BGP e políticas de roteamento',
        },
      ),
      quiz({
        en: 'Interconnection check',
        es: 'Cuestionario: interconexión',
        pt: 'Questionário: interconexão',
      }),
    ],
  }),
  course({
    slug: 'deploying-ipv6-isp',
    title: 'Despliegue de IPv6 en un ISP',
    summary: 'Doble pila, planes de direccionamiento y CPE: IPv6 desde el núcleo hasta el cliente.',
    description:
      'Un plan de direccionamiento IPv6 a escala de ISP, núcleo y acceso en doble pila, delegación de prefijos a los clientes, requisitos para los CPE, mecanismos de transición y operación.',
    translations: {
      en: {
        title: 'Deploying IPv6 in an ISP',
        summary: 'Dual stack, addressing plans and CPE: IPv6 from the core to the customer.',
        description:
          'An ISP-scale IPv6 address plan, dual-stack core and access, prefix delegation to customers, CPE requirements, transition mechanisms and operations.',
      },
      pt: {
        title: 'Implantação de IPv6 em um provedor',
        summary: 'Pilha dupla, planos de endereçamento e CPE: IPv6 do núcleo até o cliente.',
        description:
          'Um plano de endereçamento IPv6 em escala de provedor, núcleo e acesso em pilha dupla, delegação de prefixos aos clientes, requisitos para os CPEs, mecanismos de transição e operação.',
      },
    },
    language: 'es',
    hours: 8,
    topics: ['ipv6'],
    instructors: [carlos],
    modules: [
      ...lessons(
        {
          en: 'Address plan for an ISP',
          es: 'Plan de direccionamiento para un ISP',
          pt: 'Plano de endereçamento para um provedor',
        },
        { en: 'Dual-stack core', es: 'Núcleo en doble pila', pt: 'Núcleo em pilha dupla' },
        { en: 'Prefix delegation', es: 'Delegación de prefijos', pt: 'Delegação de prefixos' },
        { en: 'CPE and transition', es: 'CPE y transición', pt: 'CPE e transição' },
      ),
      quiz({
        en: 'ISP deployment check',
        es: 'Cuestionario: despliegue en el ISP',
        pt: 'Questionário: implantação no provedor',
      }),
    ],
  }),
  course({
    slug: 'advanced-network-management',
    title: 'Advanced Network Management',
    summary:
      'Automation-ready operations: telemetry pipelines, capacity planning and incident practice.',
    description:
      'Building a telemetry pipeline, capacity planning with real data, change management, incident response drills and post-mortems for operators.',
    translations: {
      es: {
        title: 'Gestión avanzada de redes',
        summary:
          'Operaciones preparadas para la automatización: pipelines de telemetría, planificación de capacidad y práctica de respuesta a incidentes.',
        description:
          'Construcción de un pipeline de telemetría, planificación de capacidad con datos reales, gestión de cambios, simulacros de respuesta a incidentes y análisis post mortem para operadores.',
      },
      pt: {
        title: 'Gerenciamento avançado de redes',
        summary:
          'Operações prontas para a automação: pipelines de telemetria, planejamento de capacidade e prática de resposta a incidentes.',
        description:
          'Construção de um pipeline de telemetria, planejamento de capacidade com dados reais, gestão de mudanças, simulados de resposta a incidentes e análises post-mortem para operadores.',
      },
    },
    language: 'en',
    hours: 8,
    topics: ['network-management', 'automation'],
    instructors: [julia],
    modules: [
      ...lessons(
        {
          en: 'Telemetry pipelines',
          es: 'Pipelines de telemetría',
          pt: 'Pipelines de telemetria',
        },
        {
          en: 'Capacity planning',
          es: 'Planificación de capacidad',
          pt: 'Planejamento de capacidade',
        },
        { en: 'Change management', es: 'Gestión de cambios', pt: 'Gestão de mudanças' },
        { en: 'Incident response', es: 'Respuesta a incidentes', pt: 'Resposta a incidentes' },
      ),
      quiz({
        en: 'Operations check',
        es: 'Cuestionario: operaciones',
        pt: 'Questionário: operações',
      }),
    ],
  }),
  course({
    slug: 'secure-routing-automation-lab',
    title: 'Secure Routing and Automation Lab',
    summary: 'Hands-on lab: automate filters and ROV with code and version control.',
    description:
      'A lab course: generate prefix filters from IRR data, deploy RPKI validators, automate router configuration with version control and continuous checks.',
    translations: {
      es: {
        title: 'Laboratorio de enrutamiento seguro y automatización',
        summary:
          'Laboratorio práctico: automatiza los filtros y la ROV con código y control de versiones.',
        description:
          'Un curso de laboratorio: generar filtros de prefijos a partir de datos del IRR, desplegar validadores RPKI y automatizar la configuración de los routers con control de versiones y verificaciones continuas.',
      },
      pt: {
        title: 'Laboratório de roteamento seguro e automação',
        summary:
          'Laboratório prático: automatize os filtros e a ROV com código e controle de versão.',
        description:
          'Um curso de laboratório: gerar filtros de prefixos a partir de dados do IRR, implantar validadores RPKI e automatizar a configuração dos roteadores com controle de versão e verificações contínuas.',
      },
    },
    language: 'en',
    hours: 12,
    topics: ['bgp', 'rpki', 'automation'],
    instructors: [carlos],
    modules: [
      ...lessons(
        { en: 'Lab setup', es: 'Preparación del laboratorio', pt: 'Preparação do laboratório' },
        {
          en: 'Filters from IRR data',
          es: 'Filtros a partir de datos del IRR',
          pt: 'Filtros a partir de dados do IRR',
        },
        {
          en: 'Validators in production',
          es: 'Validadores en producción',
          pt: 'Validadores em produção',
        },
        { en: 'Config as code', es: 'Configuración como código', pt: 'Configuração como código' },
      ),
      live(
        {
          en: 'Lab clinic',
          es: 'Sesión de consultas del laboratorio',
          pt: 'Plantão de dúvidas do laboratório',
        },
        '2027-06-08T14:00:00Z',
        120,
      ),
    ],
  }),
  course({
    slug: 'delegated-rpki-krill',
    title: 'Delegated RPKI with Krill',
    summary: 'Run your own certificate authority with Krill and publish your ROAs.',
    description:
      'Hosted versus delegated RPKI, installing and running Krill, parent and publication setup, ROA management, monitoring and key rollover.',
    translations: {
      es: {
        title: 'RPKI delegado con Krill',
        summary: 'Opera tu propia autoridad de certificación con Krill y publica tus ROA.',
        description:
          'RPKI alojado frente a RPKI delegado, instalación y operación de Krill, configuración de la CA padre y del servidor de publicación, gestión de ROA, monitoreo y renovación de claves (key rollover).',
      },
      pt: {
        title: 'RPKI delegado com Krill',
        summary:
          'Opere a sua própria autoridade certificadora com o Krill e publique os seus ROAs.',
        description:
          'RPKI hospedado versus RPKI delegado, instalação e operação do Krill, configuração da CA pai e do servidor de publicação, gestão de ROAs, monitoramento e troca de chaves (key rollover).',
      },
    },
    language: 'en',
    hours: 8,
    topics: ['rpki'],
    instructors: [julia],
    modules: [
      ...lessons(
        { en: 'Hosted or delegated?', es: '¿Alojado o delegado?', pt: 'Hospedado ou delegado?' },
        { en: 'Installing Krill', es: 'Instalación de Krill', pt: 'Instalação do Krill' },
        {
          en: 'Parents and publication',
          es: 'CA padre y publicación',
          pt: 'CA pai e publicação',
        },
        { en: 'ROAs and monitoring', es: 'ROA y monitoreo', pt: 'ROAs e monitoramento' },
      ),
      quiz({ en: 'Krill check', es: 'Cuestionario: Krill', pt: 'Questionário: Krill' }),
    ],
  }),
  course({
    slug: 'building-ipv6-only-network',
    title: 'Construcción de una red solo IPv6',
    summary: 'Solo IPv6 con NAT64/DNS64 y 464XLAT: operar una red sin IPv4 en su interior.',
    description:
      'Por qué y cuándo pasar a solo IPv6, NAT64 y DNS64, 464XLAT para el acceso móvil y fijo, IPv4 como servicio y la operación diaria de una red solo IPv6.',
    translations: {
      en: {
        title: 'Building an IPv6-Only Network',
        summary: 'IPv6-only with NAT64/DNS64 and 464XLAT: running a network without IPv4 inside.',
        description:
          'Why and when IPv6-only, NAT64 and DNS64, 464XLAT for mobile and fixed access, IPv4 as a service, and operating an IPv6-only network day to day.',
      },
      pt: {
        title: 'Construindo uma rede somente IPv6',
        summary: 'Somente IPv6 com NAT64/DNS64 e 464XLAT: operar uma rede sem IPv4 por dentro.',
        description:
          'Por que e quando adotar somente IPv6, NAT64 e DNS64, 464XLAT para acesso móvel e fixo, IPv4 como serviço e a operação diária de uma rede somente IPv6.',
      },
    },
    language: 'es',
    hours: 8,
    topics: ['ipv6'],
    instructors: [carlos],
    modules: [
      ...lessons(
        { en: 'Why IPv6-only', es: 'Por qué solo IPv6', pt: 'Por que somente IPv6' },
        { en: 'NAT64 and DNS64', es: 'NAT64 y DNS64', pt: 'NAT64 e DNS64' },
        { en: '464XLAT', es: '464XLAT', pt: '464XLAT' },
        {
          en: 'Operating IPv6-only',
          es: 'Operación de una red solo IPv6',
          pt: 'Operação de uma rede somente IPv6',
        },
      ),
      quiz({
        en: 'IPv6-only check',
        es: 'Cuestionario: solo IPv6',
        pt: 'Questionário: somente IPv6',
      }),
    ],
  }),
  course({
    slug: 'internet-governance-lac',
    title: 'Introducción a la gobernanza de Internet en América Latina y el Caribe',
    summary: 'Quién se ocupa de qué en Internet y cómo participa la región.',
    description:
      'El modelo de múltiples partes interesadas, la ICANN, los RIR y el IETF, el IGF y los foros regionales, los procesos de desarrollo de políticas y cómo participar en ellos desde América Latina y el Caribe.',
    translations: {
      en: {
        title: 'Introduction to Internet Governance in LAC',
        summary: 'Who runs what on the Internet, and how the region takes part.',
        description:
          'The multistakeholder model, ICANN, the RIRs and IETF, the IGF and regional forums, policy development processes, and how to take part in them from Latin America and the Caribbean.',
      },
      pt: {
        title: 'Introdução à governança da Internet na América Latina e no Caribe',
        summary: 'Quem cuida do quê na Internet e como a região participa.',
        description:
          'O modelo multissetorial, a ICANN, os RIRs e o IETF, o IGF e os fóruns regionais, os processos de desenvolvimento de políticas e como participar deles a partir da América Latina e do Caribe.',
      },
    },
    language: 'es',
    hours: 6,
    topics: ['internet-governance'],
    instructors: [julia],
    modules: [
      ...lessons(
        {
          en: 'The multistakeholder model',
          es: 'El modelo de múltiples partes interesadas',
          pt: 'O modelo multissetorial',
        },
        { en: 'Who is who', es: 'Quién es quién', pt: 'Quem é quem' },
        {
          en: 'Policy development',
          es: 'Desarrollo de políticas',
          pt: 'Desenvolvimento de políticas',
        },
      ),
      live(
        {
          en: 'Webinar: governance in the region',
          es: 'Webinario: la gobernanza en la región',
          pt: 'Webinar: a governança na região',
        },
        '2027-04-21T16:00:00Z',
        60,
      ),
    ],
  }),
];

export const demoSpecialization = {
  slug: 'isp-network-operation',
  title: 'ISP Network Operation',
  summary:
    'From IPv6 and DNS basics to secure routing and automation: the skills an ISP operator needs.',
  description:
    'A structured specialization in three levels. Complete every course of a level to earn its Open Badge and certificate; complete all three levels to complete the specialization.',
  translations: {
    es: {
      title: 'Operación de redes de ISP',
      summary:
        'De los fundamentos de IPv6 y DNS al enrutamiento seguro y la automatización: las competencias que necesita quien opera la red de un ISP.',
      description:
        'Una especialización estructurada en tres niveles. Completa todos los cursos de un nivel para obtener su insignia (Open Badge) y su certificado; completa los tres niveles para completar la especialización.',
    },
    pt: {
      title: 'Operação de redes de provedores',
      summary:
        'Dos fundamentos de IPv6 e DNS ao roteamento seguro e à automação: as competências de que quem opera a rede de um provedor precisa.',
      description:
        'Uma especialização estruturada em três níveis. Conclua todos os cursos de um nível para obter a sua insígnia (Open Badge) e o seu certificado; conclua os três níveis para concluir a especialização.',
    },
  } satisfies Texts<'title' | 'summary' | 'description'>,
  levels: [
    {
      key: 'basic' as LevelKey,
      title: 'Basic',
      summary: 'The foundations every operator needs.',
      translations: {
        es: { title: 'Básico', summary: 'Los fundamentos que todo operador de red necesita.' },
        pt: { title: 'Básico', summary: 'Os fundamentos de que todo operador de rede precisa.' },
      } satisfies Texts<'title' | 'summary'>,
      courses: ['ipv6-fundamentals', 'dns-dnssec-fundamentals', 'network-management-basics'],
    },
    {
      key: 'intermediate' as LevelKey,
      title: 'Intermediate',
      summary: 'Routing security, interconnection and IPv6 at ISP scale.',
      translations: {
        es: {
          title: 'Intermedio',
          summary: 'Seguridad del enrutamiento, interconexión e IPv6 a escala de ISP.',
        },
        pt: {
          title: 'Intermediário',
          summary: 'Segurança do roteamento, interconexão e IPv6 em escala de provedor.',
        },
      } satisfies Texts<'title' | 'summary'>,
      courses: ['bgp-security-rpki-irr', 'interconnection-public-private-as', 'deploying-ipv6-isp'],
    },
    {
      key: 'advanced' as LevelKey,
      title: 'Advanced',
      summary: 'Operations, automation and running your own RPKI.',
      translations: {
        es: {
          title: 'Avanzado',
          summary: 'Operaciones, automatización y gestión de tu propio RPKI.',
        },
        pt: {
          title: 'Avançado',
          summary: 'Operações, automação e gestão do seu próprio RPKI.',
        },
      } satisfies Texts<'title' | 'summary'>,
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
  translations: Texts<'name' | 'description' | 'criteriaNarrative'>;
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
    translations: {
      es: {
        name: 'Operación de redes de ISP — Básico',
        description:
          'Opera los fundamentos de la red de un ISP: direccionamiento IPv6, DNS y DNSSEC, y monitoreo de redes.',
        criteriaNarrative:
          'Completar todos los cursos del nivel básico de la especialización Operación de redes de ISP.',
      },
      pt: {
        name: 'Operação de redes de provedores — Básico',
        description:
          'Opera os fundamentos da rede de um provedor: endereçamento IPv6, DNS e DNSSEC, e monitoramento de redes.',
        criteriaNarrative:
          'Concluir todos os cursos do nível básico da especialização Operação de redes de provedores.',
      },
    },
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
    translations: {
      es: {
        name: 'Operación de redes de ISP — Intermedio',
        description:
          'Asegura e interconecta la red de un ISP: RPKI e IRR, interconexión entre sistemas autónomos y despliegue de IPv6.',
        criteriaNarrative:
          'Completar todos los cursos del nivel intermedio de la especialización Operación de redes de ISP.',
      },
      pt: {
        name: 'Operação de redes de provedores — Intermediário',
        description:
          'Protege e interconecta a rede de um provedor: RPKI e IRR, interconexão entre sistemas autônomos e implantação de IPv6.',
        criteriaNarrative:
          'Concluir todos os cursos do nível intermediário da especialização Operação de redes de provedores.',
      },
    },
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
    translations: {
      es: {
        name: 'Operación de redes de ISP — Avanzado',
        description:
          'Opera la red de un ISP a nivel avanzado: gestión de redes, enrutamiento seguro y automatización, RPKI delegado y redes solo IPv6.',
        criteriaNarrative:
          'Completar todos los cursos del nivel avanzado de la especialización Operación de redes de ISP.',
      },
      pt: {
        name: 'Operação de redes de provedores — Avançado',
        description:
          'Opera a rede de um provedor em nível avançado: gerenciamento de redes, roteamento seguro e automação, RPKI delegado e redes somente IPv6.',
        criteriaNarrative:
          'Concluir todos os cursos do nível avançado da especialização Operação de redes de provedores.',
      },
    },
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
    translations: {
      es: {
        name: 'Especialista en Operación de redes de ISP',
        description: 'Completó los tres niveles de la especialización Operación de redes de ISP.',
        criteriaNarrative:
          'Completar los niveles básico, intermedio y avanzado de Operación de redes de ISP.',
      },
      pt: {
        name: 'Especialista em Operação de redes de provedores',
        description: 'Concluiu os três níveis da especialização Operação de redes de provedores.',
        criteriaNarrative:
          'Concluir os níveis básico, intermediário e avançado de Operação de redes de provedores.',
      },
    },
    tags: ['ISP', 'specialization'],
    alignment: ['ipv6', 'rpki', 'bgp', 'dns', 'network-management'],
    color: '#b26a00',
  },
];
