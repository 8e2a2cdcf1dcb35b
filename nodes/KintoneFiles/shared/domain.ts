/**
 * Kintone runs on {subdomain}.cybozu.com, .kintone.com, .cybozu.cn, and the client-
 * certificate hosts {subdomain}.s.cybozu.com. The credential's token is sent to this host,
 * so anything else — a scheme, a path, a port, user info, an IP address, another domain —
 * is refused before a request could carry it there.
 */
const KINTONE_HOST = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.s)?\.(?:cybozu\.com|kintone\.com|cybozu\.cn)$/;

/** Why the domain is not a Kintone host name, or undefined when it is one. */
export function kintoneDomainProblem(domain: string): string | undefined {
	const value = domain.trim();
	if (!value) return 'the domain is empty';
	if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return `"${value}" has a scheme; enter only the host name, e.g. example.kintone.com (https is always used)`;
	if (value.includes('@')) return `"${value}" contains user info; enter only the host name`;
	if (value.includes('/')) return `"${value}" contains a path; enter only the host name, e.g. example.cybozu.com`;
	if (value.startsWith('[') || /^\d{1,3}(\.\d{1,3}){3}(:\d+)?$/.test(value)) return `"${value}" is an IP address; Kintone is reached by its host name`;
	if (value.includes(':')) return `"${value}" contains a port; Kintone is always reached on https's port`;
	if (!KINTONE_HOST.test(value.toLowerCase())) {
		return `"${value}" is not a Kintone host; it must end in .cybozu.com, .kintone.com, .cybozu.cn or .s.cybozu.com, e.g. example.kintone.com`;
	}
	return undefined;
}
