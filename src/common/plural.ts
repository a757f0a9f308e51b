/** "1 VM", "3 VMs", "2 backup jobs": a count with its noun, for messages people read. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
