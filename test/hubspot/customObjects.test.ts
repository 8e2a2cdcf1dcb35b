import type { INodeParameters } from 'n8n-workflow';

import { patternBytes } from '../harness/assertions';
import { runListSearch, runNode } from '../harness/engine.cjs';
import type { FixtureItem } from '../harness/fileSourceNode.cjs';
import { hubSpotSandbox, HUBSPOT_TOKEN, HUBSPOT_UNKNOWN_TOKEN } from '../sandboxes/hubspot.cjs';

/**
 * Upload and Attach onto a custom object's record: the note's association type comes from
 * HubSpot's labels API (the unlabeled default), read once per run, before anything is uploaded.
 */
const sandbox = hubSpotSandbox();
beforeAll(async () => void (await sandbox.start()));
afterAll(async () => await sandbox.stop());
beforeEach(() => sandbox.reset());

const pdf = (name: string, seed = 1) => ({ bytes: patternBytes(900, seed), fileName: name, mimeType: 'application/pdf' });
const credentials = (token = HUBSPOT_TOKEN) => ({ hubSpotFilesApi: { privateAppToken: token, baseUrl: sandbox.baseUrl } });
const objectType = (value: string, mode = 'list') => ({ __rl: true, mode, value });

function attach(parameters: INodeParameters, items: FixtureItem[] = [{ files: { data: pdf('service-report.pdf') } }], token?: string) {
	return runNode({
		type: 'hubSpotFiles',
		parameters: {
			resource: 'file',
			operation: 'uploadAndAttach',
			folder: { __rl: true, mode: 'id', value: '1000' },
			recordType: 'customObject',
			customObjectType: objectType('2-3456789'),
			recordId: '9001',
			...parameters,
		},
		credentials: credentials(token),
		items,
	});
}

const labelReads = () => sandbox.requests.filter((request) => request.path.startsWith('/crm/v4/associations/'));
const fileUploads = () => sandbox.requests.filter((request) => request.files.length > 0);

describe('HubSpot Files › Upload and Attach to a custom object record', () => {
	test('the picker lists the portal\'s custom objects by label, with their objectTypeId', async () => {
		const found = await runListSearch({ type: 'hubSpotFiles', method: 'searchCustomObjectTypes', parameters: { authentication: 'privateAppToken', operation: 'uploadAndAttach' }, credentials: credentials() });

		expect(found.results).toEqual([
			{ name: 'Car (2-3456789)', value: '2-3456789' },
			{ name: 'Boat (2-4567890)', value: '2-4567890' },
		]);
		expect((await runListSearch({ type: 'hubSpotFiles', method: 'searchCustomObjectTypes', parameters: { authentication: 'privateAppToken' }, credentials: credentials(), filter: 'boa' })).results).toEqual([
			{ name: 'Boat (2-4567890)', value: '2-4567890' },
		]);
	});

	test('the note carries the files with the default (unlabeled) association type, read from HubSpot', async () => {
		const run = await attach({ noteBody: 'Annual service' });

		expect(run.error).toBeUndefined();
		expect(labelReads().map((request) => request.path)).toEqual(['/crm/v4/associations/notes/2-3456789/labels']);
		expect(sandbox.notes).toHaveLength(1);
		expect(sandbox.notes[0].associations).toEqual([{ to: { id: '9001' }, types: [{ associationCategory: 'USER_DEFINED', associationTypeId: 75 }] }]);
		expect(run.output[0].json).toMatchObject({ attachedTo: { recordType: 'customObject', objectTypeId: '2-3456789', recordId: '9001' }, note: { id: '700' } });
	});

	test('three items onto records of one object: the association types are read once per run', async () => {
		const run = await attach({}, [1, 2, 3].map((seed) => ({ files: { data: pdf(`report-${seed}.pdf`, seed) } })));

		expect(run.error).toBeUndefined();
		expect(labelReads()).toHaveLength(1);
		expect(sandbox.notes).toHaveLength(3);
	});

	test('an object with no association to notes is refused before anything is uploaded', async () => {
		const run = await attach({ customObjectType: objectType('2-4567890', 'id'), recordId: '9101' });

		expect(run.error?.message).toBe('Custom Object Type: HubSpot has no association between notes and object 2-4567890, so a note cannot carry files to its records [item 0]');
		expect(fileUploads()).toEqual([]);
		expect(sandbox.notes).toEqual([]);
	});

	test('an object type HubSpot does not know is refused before anything is uploaded, in HubSpot\'s words', async () => {
		const run = await attach({ customObjectType: objectType('2-1111111', 'id') });

		expect(run.error?.message).toBe('Custom Object Type: HubSpot knows no object type "2-1111111" [item 0]');
		expect(run.error?.description).toContain('Unable to infer object type from: 2-1111111');
		expect(fileUploads()).toEqual([]);
	});

	test('a 404 on the look-up is an unknown object type too', async () => {
		sandbox.answerMatching((request) => request.path.endsWith('/labels'), { status: 404, body: { status: 'error', message: 'Object type not found', category: 'OBJECT_NOT_FOUND' } });
		const run = await attach({});

		expect(run.error?.message).toBe('Custom Object Type: HubSpot knows no object type "2-3456789" [item 0]');
		expect(fileUploads()).toEqual([]);
	});

	test('two objects in one run: each has its own association types, read once each', async () => {
		const run = await runNode({
			type: 'hubSpotFiles',
			parameters: { resource: 'file', operation: 'uploadAndAttach', folder: { __rl: true, mode: 'id', value: '1000' }, recordType: 'customObject', customObjectType: objectType('={{ $json.objectType }}', 'id'), recordId: '={{ $json.recordId }}' },
			credentials: credentials(),
			items: [
				{ json: { objectType: '2-4567890', recordId: '9101' }, files: { data: pdf('boat.pdf') } },
				{ json: { objectType: '2-3456789', recordId: '9001' }, files: { data: pdf('car.pdf') } },
				{ json: { objectType: '2-4567890', recordId: '9102' }, files: { data: pdf('boat-2.pdf') } },
			],
			continueOnFail: true,
		});

		expect(labelReads().map((request) => request.path)).toEqual(['/crm/v4/associations/notes/2-4567890/labels', '/crm/v4/associations/notes/2-3456789/labels']);
		expect(run.output.map(({ json }) => json.error ?? json.attachedTo)).toEqual([
			'Custom Object Type: HubSpot has no association between notes and object 2-4567890, so a note cannot carry files to its records [item 0]',
			{ recordType: 'customObject', objectTypeId: '2-3456789', recordId: '9001' },
			'Custom Object Type: HubSpot has no association between notes and object 2-4567890, so a note cannot carry files to its records [item 2]',
		]);
		expect(fileUploads().map((request) => request.files[0].fileName)).toEqual(['car.pdf']);
	});

	test('an object type ID is 2- and digits, spaces around it dropped; the refusals say what to do', async () => {
		for (const value of ['x2-3456789', '2-3456789x']) {
			const refused = await attach({ customObjectType: objectType(`={{ "${value}" }}`, 'id') });
			expect(refused.error?.message).toBe(`Custom Object Type: "${value}" is not a custom object type ID [item 0]`);
			expect(refused.error?.description).toBe("Pick the object from the list, or enter its objectTypeId (2- and digits, e.g. 2-3456789, shown in HubSpot's object settings).");
		}
		const none = await attach({ customObjectType: objectType('={{ "" }}', 'id') });
		expect(none.error?.message).toBe('Custom Object Type: no custom object type is chosen [item 0]');
		const nothing = await attach({ customObjectType: objectType('={{ $json.objectType }}', 'id') });
		expect(nothing.error?.message).toBe('Custom Object Type: no custom object type is chosen [item 0]');
		const noNotes = await attach({ customObjectType: objectType('2-4567890', 'id') });
		expect(noNotes.error?.description).toBe('In HubSpot, associate the custom object with notes (object settings → Associations), or upload the files without attaching them.');
		expect(fileUploads()).toEqual([]);

		const spaced = await attach({ customObjectType: objectType('={{ " 2-3456789 " }}', 'id') });
		expect(spaced.error).toBeUndefined();
		expect(labelReads().map((request) => request.path)).toContain('/crm/v4/associations/notes/2-3456789/labels');
	});

	test('an object type that is not an objectTypeId (from an expression) is refused without a request', async () => {
		const run = await attach({ customObjectType: objectType('={{ "cars" }}', 'id') });

		expect(run.error?.message).toBe('Custom Object Type: "cars" is not a custom object type ID [item 0]');
		expect(sandbox.requests).toEqual([]);
	});

	test('a token HubSpot refuses fails the look-up with HubSpot\'s answer, and nothing is uploaded', async () => {
		const run = await attach({}, undefined, HUBSPOT_UNKNOWN_TOKEN);

		expect(run.error?.message).toMatch(/^HubSpot refused the look-up of the note association types of object 2-3456789 \(HTTP 401\)/);
		expect(run.error?.description).toBe('Check the HubSpot credential: the provider did not accept it. Nothing was uploaded.');
		expect(fileUploads()).toEqual([]);
	});

	test('a look-up refused for a missing scope names the scope; a server error does not', async () => {
		const labels = (request: { method: string; path: string }) => request.method === 'GET' && request.path.endsWith('/labels');
		sandbox.answerMatching(labels, { status: 403, body: { status: 'error', message: "This app hasn't been granted all required scopes to make this call.", category: 'MISSING_SCOPES' } });
		const refused = await attach({});
		expect(refused.error?.message).toBe("HubSpot refused the look-up of the note association types of object 2-3456789 (HTTP 403): This app hasn't been granted all required scopes to make this call.");
		expect(refused.error?.description).toBe('Check the HubSpot credential: the provider did not accept it. Nothing was uploaded. Reading custom object associations needs the crm.schemas.custom.read scope.');

		sandbox.reset();
		sandbox.answerMatching(labels, { status: 500, body: { status: 'error', message: 'internal error', category: 'INTERNAL_ERROR' } });
		const failed = await attach({});
		expect(failed.error?.message).toBe('HubSpot refused the look-up of the note association types of object 2-3456789 (HTTP 500): internal error');
		expect(failed.error?.description).toBe('Nothing was uploaded.');
		expect(fileUploads()).toEqual([]);
	});

	test('the standard objects still use HubSpot\'s fixed association types and read no labels', async () => {
		const run = await attach({ recordType: 'deal', recordId: '71' });

		expect(run.error).toBeUndefined();
		expect(labelReads()).toEqual([]);
		expect(sandbox.notes[0].associations).toEqual([{ to: { id: '71' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 214 }] }]);
	});
});
