/** Topics a course can be tagged with (key → label). */
export const topics = {
  ipv6: 'IPv6',
  rpki: 'RPKI',
  bgp: 'BGP',
  dns: 'DNS',
  'network-management': 'Network management',
  'internet-governance': 'Internet governance',
  security: 'Security',
  interconnection: 'Interconnection',
  automation: 'Automation',
} as const;

export type Topic = keyof typeof topics;
export const topicKeys = Object.keys(topics) as Topic[];

export const levelKeys = ['basic', 'intermediate', 'advanced'] as const;
export type LevelKey = (typeof levelKeys)[number];
