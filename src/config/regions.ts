/** COS region ids and the legacy aliases users still paste (docs/cloud-apis.md#buckets-and-regions). */

export const KNOWN_REGIONS: readonly string[] = [
  'ap-beijing',
  'ap-beijing-1',
  'ap-shanghai',
  'ap-guangzhou',
  'ap-guangzhou-2',
  'ap-chengdu',
  'ap-nanjing',
  'ap-chongqing',
  'ap-shenzhen-fsi',
  'ap-shanghai-fsi',
  'ap-beijing-fsi',
  'ap-hongkong',
  'ap-singapore',
  'ap-mumbai',
  'ap-jakarta',
  'ap-seoul',
  'ap-bangkok',
  'ap-tokyo',
  'na-siliconvalley',
  'na-ashburn',
  'na-toronto',
  'sa-saopaulo',
  'eu-frankfurt',
  'eu-moscow',
];

/** Old region names (SDK aliases and coscmd short codes) and the id they stand for. */
export const REGION_ALIASES: Readonly<Record<string, string>> = {
  'cn-south': 'ap-guangzhou',
  'cn-south-2': 'ap-guangzhou-2',
  'cn-north': 'ap-beijing-1',
  tianjin: 'ap-beijing-1',
  'cn-east': 'ap-shanghai',
  'cn-southwest': 'ap-chengdu',
  sg: 'ap-singapore',
  tj: 'ap-beijing-1',
  bj: 'ap-beijing',
  gz: 'ap-guangzhou',
  sh: 'ap-shanghai',
  cd: 'ap-chengdu',
  spg: 'ap-singapore',
  hk: 'ap-hongkong',
  ca: 'na-toronto',
  ger: 'eu-frankfurt',
};

export const REGION_SHAPE = /^[a-z]{2}-[a-z]+(-[a-z0-9]+)?$/;

/** The region id for a value that may be a legacy alias. */
export function canonicalRegion(value: string): { region: string; alias?: string } {
  const mapped = REGION_ALIASES[value];
  return mapped ? { region: mapped, alias: value } : { region: value };
}
