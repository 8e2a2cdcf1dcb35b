/** A refusal as the user reads it: the error's message and description. */
export interface Refusal {
	message: string;
	description?: string;
}

const asRefusal = (error: unknown): Refusal => ({ message: (error as Error).message, description: (error as { description?: string }).description });

/** What the call threw, as a Refusal; undefined when it did not throw. */
export function refusalOf(action: () => unknown): Refusal | undefined {
	try {
		action();
	} catch (error) {
		return asRefusal(error);
	}
	return undefined;
}

/** What the promise rejected with, as a Refusal; undefined when it resolved. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Refusal | undefined> {
	return await promise.then(
		() => undefined,
		(error: unknown) => asRefusal(error),
	);
}
