import { NodeHelpers, type INodeProperties, type INodePropertyOptions, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { HighLevelFiles } from '../../nodes/HighLevelFiles/HighLevelFiles.node';
import { HubSpotFiles } from '../../nodes/HubSpotFiles/HubSpotFiles.node';
import { KarbonFiles } from '../../nodes/KarbonFiles/KarbonFiles.node';
import { KintoneFiles } from '../../nodes/KintoneFiles/KintoneFiles.node';

/**
 * One panel shape across the four nodes: the target first, then the binaries, then the
 * options; actions in one form; a tool description that says what the agent must give.
 */
const NODES: Record<string, INodeTypeDescription> = {
	karbonFiles: new KarbonFiles().description,
	hubSpotFiles: new HubSpotFiles().description,
	kintoneFiles: new KintoneFiles().description,
	highLevelFiles: new HighLevelFiles().description,
};

/** The visible parameters of one operation, in panel order (notices and duplicates left out). */
function panelOrder(description: INodeTypeDescription, operation: string): string[] {
	const names = description.properties
		.filter((property) => property.type !== 'notice' && !['toolDescription', 'authentication', 'resource', 'operation'].includes(property.name))
		.filter((property) => {
			const shown = property.displayOptions?.show?.operation as string[] | undefined;
			return !shown || shown.includes(operation);
		})
		.map((property) => property.name);
	return [...new Set(names)];
}

test.each<[string, string, string[]]>([
	['karbonFiles', 'upload', ['linkTo', 'recordKey', 'recordKeys', 'uploadOncePerRecord', 'uploadAllBinaryFields', 'inputDataFieldName', 'options']],
	['hubSpotFiles', 'upload', ['folder', 'uploadAllBinaryFields', 'inputDataFieldName', 'endpoint', 'optionsInput', 'access', 'fileOptions', 'optionsJson', 'options']],
	['hubSpotFiles', 'replace', ['fileToReplace', 'uploadAllBinaryFields', 'inputDataFieldName', 'replaceAccess', 'options']],
	['hubSpotFiles', 'uploadAndAttach', ['recordType', 'customObjectType', 'recordId', 'noteBody', 'folder', 'uploadAllBinaryFields', 'inputDataFieldName', 'endpoint', 'optionsInput', 'access', 'fileOptions', 'optionsJson', 'options']],
	['kintoneFiles', 'uploadAndAttach', ['app', 'recordBy', 'recordId', 'updateKeyField', 'updateKeyValue', 'attachmentField', 'tableRow', 'rowId', 'rowMatchField', 'rowMatchValue', 'attachMode', 'uploadAllBinaryFields', 'inputDataFieldName', 'options']],
	['highLevelFiles', 'uploadToMediaLibrary', ['locationId', 'mediaFolder', 'mediaName', 'mediaSource', 'fileUrl', 'uploadAllBinaryFields', 'inputDataFieldName', 'options']],
	['highLevelFiles', 'uploadFilesToCustomFields', ['contactId', 'locationId', 'customField', 'uploadAllBinaryFields', 'inputDataFieldName', 'fieldMappings', 'options']],
])('%s › %s: the target first, then the binaries, then the options', (node, operation, order) => {
	expect(panelOrder(NODES[node], operation)).toEqual(order);
});

test('the actions read in one form across the four nodes', () => {
	const actions = Object.fromEntries(
		Object.entries(NODES).map(([node, description]) => [
			node,
			description.properties
				.filter((property) => property.name === 'operation')
				.flatMap((property) => (property.options as INodePropertyOptions[]).map((option) => option.action)),
		]),
	);
	expect(actions).toEqual({
		karbonFiles: ['Upload and attach files to a record'],
		hubSpotFiles: ['Replace a file', 'Upload a file', 'Upload and attach files to a record'],
		kintoneFiles: ['Upload a file', 'Upload and attach files to a record', 'Upload files and create a record'],
		highLevelFiles: ['Upload and attach files to a contact', 'Upload a file to the media library'],
	});
});

test.each<[string, string[]]>([
	['karbonFiles', ['Record Key', 'Input Binary Field']],
	['hubSpotFiles', ['Folder', 'Record ID', 'Note Body', 'Input Binary Field']],
	['kintoneFiles', ['App', 'Record ID', 'Update Key Value', 'Attachment Field', 'Input Binary Field']],
	['highLevelFiles', ['Contact ID', 'Custom Field', 'Input Binary Field']],
])('%s as a tool: the description asks for a binary and names the fields an agent may fill, each of which takes an expression', (node, fields) => {
	const description = NODES[node];
	const toolDescription = (description.usableAsTool as { replacements: { description: string } }).replacements.description;
	expect(toolDescription).toContain('must carry the file as binary data');
	for (const field of fields) {
		expect(toolDescription).toContain(field);
		const properties = description.properties.filter((property: INodeProperties) => property.displayName === field);
		expect(properties.length).toBeGreaterThan(0);
		// $fromAI() is an expression: a field that refuses expressions cannot be filled by the agent.
		for (const property of properties) expect(property.noDataExpression).toBeFalsy();
	}
	expect(description.builderHint?.searchHint).toMatch(/^Upload binary files from earlier nodes/);
});

test.each(Object.keys(NODES))('%s as a tool: the agent is told the tool description, not n8n\'s "<action> in <node>"; the plain node shows no such field', (node) => {
	const description = NODES[node];
	// What n8n's tool variant is: the same properties under the name + "Tool".
	const tool = { ...description, name: `${description.name}Tool` };
	const toolNode = { id: 't', name: 'Tool', type: tool.name, typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
	const parameters = NodeHelpers.getNodeParameters(tool.properties, {}, true, false, toolNode, tool)!;
	const told = NodeHelpers.getToolDescriptionForNode({ ...toolNode, parameters }, { description: tool } as INodeType);
	expect(told).toBe((description.usableAsTool as { replacements: { description: string } }).replacements.description);
	expect(told).toMatch(/^Uploads the files of the input item's binary fields (to|into) /);

	const plainNode = { ...toolNode, type: description.name };
	expect(NodeHelpers.getNodeParameters(description.properties, {}, true, false, plainNode, description)).not.toHaveProperty('toolDescription');
});

/** Every boolean parameter, as `path` (collection children as `collection.child`), with its validateType. */
function togglesOf(properties: INodeProperties[], prefix = ''): Array<[string, unknown]> {
	return properties.flatMap((property) => {
		const path = `${prefix}${property.name}`;
		if (property.type === 'boolean') return [[path, property.validateType]] as Array<[string, unknown]>;
		if (property.type === 'collection') return togglesOf(property.options as INodeProperties[], `${path}.`);
		if (property.type === 'fixedCollection') {
			return (property.options as Array<{ name: string; values: INodeProperties[] }>).flatMap((group) => togglesOf(group.values, `${path}.${group.name}.`));
		}
		return [];
	});
}

// n8n turns an expression's "true"/"false" into a boolean only where validateType says so.
test('every toggle of the four nodes declares validateType boolean', () => {
	const toggles = Object.fromEntries(Object.entries(NODES).map(([node, description]) => [node, [...new Map(togglesOf(description.properties))]]));
	expect(toggles).toEqual({
		karbonFiles: [['uploadOncePerRecord', 'boolean'], ['uploadAllBinaryFields', 'boolean'], ['options.passThroughBinary', 'boolean']],
		hubSpotFiles: [['uploadAllBinaryFields', 'boolean'], ['fileOptions.overwrite', 'boolean'], ['options.passThroughBinary', 'boolean'], ['options.returnSignedUrl', 'boolean']],
		kintoneFiles: [['uploadAllBinaryFields', 'boolean'], ['options.passThroughBinary', 'boolean']],
		highLevelFiles: [['uploadAllBinaryFields', 'boolean'], ['options.passThroughBinary', 'boolean']],
	});
});
