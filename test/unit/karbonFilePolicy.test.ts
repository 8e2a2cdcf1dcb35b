import type { UploadFile } from '../../nodes/shared/upload/binaryInput';
import { assertFileAllowed } from '../../nodes/shared/upload/filePolicy';
import { karbonFilePolicy } from '../../nodes/KarbonFiles/resources/file/upload';
import { fakeItemContext } from './fakeContext';
import { refusalOf } from './refusal';

// Karbon's page refuses "executables, scripts, raw HTML and a handful of other unsafe formats"
// (answered with a 500). The node refuses them before sending: every type the package README
// lists, by extension whatever the MIME type says, and by MIME type whatever the name says.

const file = (fileName: string, mimeType: string): UploadFile => ({ binaryField: 'data', fileName, mimeType, byteLength: 10 }) as UploadFile;
/** The advice of the refusal, or "sent". */
const refusal = (fileName: string, mimeType: string) =>
	refusalOf(() => assertFileAllowed(fakeItemContext(), file(fileName, mimeType), karbonFilePolicy))?.description ?? 'sent';
const ADVICE = 'Karbon refuses executables, scripts and raw HTML. Add the file to a .zip archive (e.g. with the Compression node) and upload that instead.';

test.each([
	'exe', 'msi', 'msp', 'com', 'scr', 'pif', 'dll', 'sys', 'cpl', 'bat', 'cmd', 'ps1', 'psm1', 'vbs', 'vbe', 'js', 'jse', 'mjs',
	'wsf', 'wsh', 'hta', 'jar', 'sh', 'bash', 'zsh', 'py', 'pl', 'rb', 'php', 'asp', 'aspx', 'jsp', 'cgi', 'html', 'htm', 'xhtml',
	'shtml', 'app', 'apk', 'dmg', 'reg', 'lnk',
])('file.%s is refused as application/octet-stream', (extension) => {
	expect(refusal(`file.${extension}`, 'application/octet-stream')).toBe(ADVICE);
});

test.each([
	'application/x-msdownload', 'application/x-msdos-program', 'application/x-executable', 'application/vnd.microsoft.portable-executable',
	'application/x-msi', 'application/x-bat', 'application/x-sh', 'text/x-shellscript', 'application/x-csh', 'application/javascript',
	'text/javascript', 'application/x-javascript', 'application/java-archive', 'application/x-httpd-php', 'text/x-python', 'text/x-perl',
	'text/x-ruby', 'text/html', 'application/xhtml+xml', 'application/hta',
])('a file named "download" of type %s is refused', (mimeType) => {
	expect(refusal('download', mimeType)).toBe(ADVICE);
});

test.each([
	['report.pdf', 'application/pdf'],
	['ledger.csv', 'text/csv'],
	['notes.txt', 'text/plain'],
	['scan.jpg', 'image/jpeg'],
	['letter.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
	['page.html.zip', 'application/zip'],
	['data.json', 'application/json'],
	['mail.eml', 'message/rfc822'],
])('%s (%s) is sent', (fileName, mimeType) => {
	expect(refusal(fileName, mimeType)).toBe('sent');
});
