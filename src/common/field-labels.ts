/** Labels for fields whose name does not read well as words (the rest read as their name, e.g. "retry_attempts" → "Retry attempts"). */
const LABELS: Record<string, string> = {
  vm_name: 'VM name',
  context_id: 'VM context ID',
  vm_context_id: 'VM',
  vm_context_ids: 'VMs',
  vmware_vm_id: 'VMware VM ID',
  vm_path: 'VM path',
  vcenter_host: 'vCenter host',
  cpu_count: 'CPUs',
  memory_mb: 'Memory (MB)',
  os_type: 'Operating system',
  disk_id: 'Disk ID',
  size_gb: 'Size (GB)',
  target_id: 'Target',
  target_type: 'Target type',
  flow_type: 'Flow type',
  repository_id: 'Repository',
  policy_id: 'Policy',
  schedule_id: 'Schedule',
  flow_id: 'Flow',
  flow_ids: 'Flows',
  external_id: 'Appliance ID',
  is_immutable: 'Immutable',
  min_retention_days: 'Minimum retention (days)',
  max_concurrent_vms: 'VMs backed up at once',
  cron_expression: 'Cron expression',
  timezone: 'Time zone',
  tz: 'Time zone',
  catchup_policy: 'Catch-up policy',
  catchup_window_minutes: 'Catch-up window (minutes)',
  retry_delay_minutes: 'Retry delay (minutes)',
  url: 'URL',
  from: 'From',
  to: 'To',
};

/** "disks.0.size_gb" → "Disks 1: Size (GB)": a field as a person reads it on a form. */
export function fieldLabel(path: string): string {
  const parts = path.split('.');
  const words: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (/^\d+$/.test(part)) words[words.length - 1] = `${words[words.length - 1]} ${Number(part) + 1}`;
    else words.push(LABELS[part] ?? humanize(part));
  }
  return words.join(': ');
}

function humanize(name: string): string {
  const text = name.replace(/_/g, ' ').trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** class-validator's default sentences, said for people: [pattern after the field name, rewrite]. */
const REWRITES: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
  [/^must be longer than or equal to 1 characters$/, () => 'is required'],
  [/^should not be empty$/, () => 'is required'],
  [/^should not be null or undefined$/, () => 'is required'],
  [/^must be longer than or equal to (\d+) characters$/, (m) => `must be at least ${m[1]} characters`],
  [/^must be shorter than or equal to (\d+) characters$/, (m) => `must be at most ${m[1]} characters`],
  [/^must be a string$/, () => 'must be text'],
  [/^must be an integer number$/, () => 'must be a whole number'],
  [/^must be a number conforming to the specified constraints$/, () => 'must be a number'],
  [/^must not be less than (-?[\d.]+)$/, (m) => `must be at least ${m[1]}`],
  [/^must not be greater than (-?[\d.]+)$/, (m) => `must be at most ${m[1]}`],
  [/^must be a boolean value$/, () => 'must be true or false'],
  [/^must be one of the following values: (.*)$/, (m) => `must be one of: ${m[1]}`],
  [/^each value in .* must be one of the following values: (.*)$/, (m) => `may only hold: ${m[1]}`],
  [/^must be an array$/, () => 'must be a list'],
  [/^must be an object$/, () => 'must be an object'],
  [/^must be a valid ISO 8601 date string$/, () => 'must be a date and time such as 2026-12-06T14:00:00Z'],
  [/^must contain at least (\d+) elements$/, (m) => `must hold at least ${m[1]}`],
  [/^must contain no more than (\d+) elements$/, (m) => `may hold at most ${m[1]}`],
];

/** A validation message as a sentence about the field's label: "vm_name must be a string" → "VM name must be text". */
export function problemForPeople(path: string, property: string, message: string): string {
  const own = message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
  for (const [pattern, rewrite] of REWRITES) {
    const match = own.match(pattern);
    if (match) return `${fieldLabel(path)} ${rewrite(match)}`;
  }
  return own === message ? message : `${fieldLabel(path)} ${own}`;
}
