import { parse, type Tags, type YAMLMap, type YAMLSeq } from 'yaml';

/** A parsed template: the parts the tests read. */
export interface CloudFormationTemplate {
  readonly Transform?: string;
  readonly Parameters: Record<string, { readonly Type: string; readonly Default?: unknown }>;
  readonly Conditions: Record<string, unknown>;
  readonly Globals: { readonly Function: Record<string, unknown> };
  readonly Resources: Record<
    string,
    { readonly Type: string; readonly Properties: Record<string, unknown> } & Record<
      string,
      unknown
    >
  >;
}

// The short forms of CloudFormation's intrinsic functions, each as a scalar and as a sequence
// (and a map for those that take one), turned into their long `Fn::` forms.
const FUNCTIONS = [
  'And',
  'Base64',
  'Cidr',
  'Equals',
  'FindInMap',
  'GetAZs',
  'GetAtt',
  'If',
  'ImportValue',
  'Join',
  'Not',
  'Or',
  'Select',
  'Split',
  'Sub',
  'Transform',
];

function longForm(name: string, value: unknown): Record<string, unknown> {
  if (name === 'GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return { 'Fn::GetAtt': [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [`Fn::${name}`]: value };
}

const CLOUDFORMATION_TAGS: Tags = [
  { tag: '!Ref', resolve: (value: string) => ({ Ref: value }) },
  { tag: '!Condition', resolve: (value: string) => ({ Condition: value }) },
  ...FUNCTIONS.flatMap((name) => [
    { tag: `!${name}`, resolve: (value: string) => longForm(name, value) },
    {
      tag: `!${name}`,
      collection: 'seq' as const,
      resolve: (value: YAMLSeq | YAMLMap) => longForm(name, value.toJSON()),
    },
    {
      tag: `!${name}`,
      collection: 'map' as const,
      resolve: (value: YAMLSeq | YAMLMap) => longForm(name, value.toJSON()),
    },
  ]),
];

/** Parses a CloudFormation/SAM template, intrinsic functions' short forms (`!Ref`, `!Sub`, …) included. */
export function parseCloudFormation(text: string): CloudFormationTemplate {
  return parse(text, { customTags: CLOUDFORMATION_TAGS }) as CloudFormationTemplate;
}

/** The pseudo parameters the resolver answers, as an `us-east-1` stack named `strongroom` would. */
const PSEUDO: Record<string, string> = {
  'AWS::StackName': 'strongroom',
  'AWS::Region': 'us-east-1',
  'AWS::AccountId': '123456789012',
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
};

/**
 * Evaluates `value` as CloudFormation would for a stack deployed with every parameter at its
 * default: `Ref` of a parameter is its default, of a resource a name made from its logical id;
 * `Fn::Sub`, `Fn::Join`, `Fn::If`, `Fn::Equals` and `Fn::Not` are evaluated; `AWS::NoValue` is
 * `undefined`. Anything else is returned as found.
 */
export function resolveWithDefaults(template: CloudFormationTemplate, value: unknown): unknown {
  const resolve = (item: unknown): unknown => resolveWithDefaults(template, item);
  const reference = (name: string): unknown => {
    if (name === 'AWS::NoValue') return undefined;
    if (name in PSEUDO) return PSEUDO[name];
    const parameter = template.Parameters[name];
    if (parameter !== undefined)
      return parameter.Type === 'CommaDelimitedList'
        ? String(parameter.Default ?? '').split(',')
        : String(parameter.Default ?? '');
    return `strongroom-${name.toLowerCase()}`;
  };
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(resolve);
  const record = value as Record<string, unknown>;
  if ('Ref' in record) return reference(String(record['Ref']));
  if ('Fn::Sub' in record)
    return String(record['Fn::Sub']).replaceAll(/\$\{([^}]+)\}/g, (_, name: string) =>
      String(reference(name)),
    );
  if ('Fn::Join' in record) {
    const [separator, items] = record['Fn::Join'] as [string, unknown];
    return (resolve(items) as unknown[]).join(separator);
  }
  if ('Fn::Equals' in record) {
    const [left, right] = resolve(record['Fn::Equals']) as [unknown, unknown];
    return left === right;
  }
  if ('Fn::Not' in record) return !(resolve(record['Fn::Not']) as [boolean])[0];
  if ('Fn::If' in record) {
    const [condition, whenTrue, whenFalse] = record['Fn::If'] as [string, unknown, unknown];
    return resolve(resolve(template.Conditions[condition]) ? whenTrue : whenFalse);
  }
  // A property whose value is AWS::NoValue is left out, as CloudFormation does.
  return Object.fromEntries(
    Object.entries(record)
      .map(([key, item]) => [key, resolve(item)])
      .filter(([, item]) => item !== undefined),
  );
}
