import { readFileSync } from 'node:fs';
import type { Json } from './spec.js';

const seedsDir = new URL('../../../shared/seeds/', import.meta.url);

function readSeed(prefix: string): string {
  const names: Record<string, string> = {
    '000': '000_159722f9d42b4e8a.txt',
    '002': '002_16601f109435cb3f.txt',
    '004': '004_ad5b5740687311fb.txt',
  };
  return readFileSync(new URL(names[prefix]!, seedsDir), 'utf8');
}

/** The OpenAPI JSON embedded in a seed page (000, 002). */
function seedOpenApi(prefix: '000' | '002'): any {
  const text = readSeed(prefix);
  const start = text.indexOf('````json');
  const body = text.slice(text.indexOf('\n', start) + 1, text.indexOf('````', start + 8));
  return JSON.parse(body);
}

/** The vendor's own example responses, exactly as published in the seeds. */
export function vendorExamples(): { seed: string; api: 'commbox' | 'cometchat'; path: string; name: string; value: Json }[] {
  const userObjects = seedOpenApi('000').paths['/v2/users/identities/{USER_IDENTITY_ID}/objects'].get.responses;
  const streamObjects = seedOpenApi('002').paths['/streams/{STREAM_ID}/objects'].get.responses;
  const page004 = readSeed('004');
  const jsonStart = page004.indexOf('{\n"data"');
  let depth = 0;
  let end = jsonStart;
  for (; end < page004.length; end++) {
    if (page004[end] === '{') depth++;
    if (page004[end] === '}' && --depth === 0) break;
  }
  return [
    { seed: '000', api: 'commbox', path: '/v2/users/identities/{USER_IDENTITY_ID}/objects', name: 'success', value: userObjects['200'].content['application/json'].examples.success.value },
    { seed: '000', api: 'commbox', path: '/v2/users/identities/{USER_IDENTITY_ID}/objects', name: '500', value: userObjects['500'].content['application/json'].example },
    { seed: '002', api: 'commbox', path: '/streams/{STREAM_ID}/objects', name: 'successResponse', value: streamObjects['200'].content['application/json'].examples.successResponse.value },
    { seed: '004', api: 'cometchat', path: '/users/{uid}/conversation', name: 'groupConversation', value: JSON.parse(page004.slice(jsonStart, end + 1)) },
  ];
}
