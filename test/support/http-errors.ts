import { STATUS_CODES } from 'node:http';

/** Asserts Nest's error shape: JSON {statusCode, message, error} with the status's reason phrase and a message that says something. */
export async function expectNestError(response: Response, status: number): Promise<Record<string, unknown>> {
  const text = await response.text();
  expect({ status: response.status, text }).toEqual({ status, text: expect.any(String) });
  expect(response.headers.get('content-type')).toMatch(/^application\/json; charset=utf-8$/i);
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(body).toEqual({ statusCode: status, message: expect.anything(), error: STATUS_CODES[status] });
  const says = (value: unknown) => typeof value === 'string' && value.length > 0;
  const { message } = body;
  expect(says(message) || (Array.isArray(message) && message.length > 0 && message.every(says))).toBe(true);
  return body;
}
