/** The hub's password policy (Identity/IdentitySetup.cs), checked as the person types; the hub checks it again. */
export function passwordProblems(password: string, repeat: string, current: string): string[] {
  const problems: string[] = [];
  if (password.length < 12) problems.push('length');
  if (!/[a-z]/.test(password)) problems.push('lower');
  if (!/[A-Z]/.test(password)) problems.push('upper');
  if (!/[0-9]/.test(password)) problems.push('digit');
  if (!/[^a-zA-Z0-9]/.test(password)) problems.push('symbol');
  if (password && password === current) problems.push('same');
  if (password !== repeat) problems.push('repeat');
  return problems;
}
