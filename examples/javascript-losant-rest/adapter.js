#!/usr/bin/env node
// Client adapter for Losant's official JavaScript client, losant-rest (npm), for the
// losant-contract client acceptance kit. It speaks the kit's adapter protocol (version 1):
// one JSON document per line on stdin, one answer per line on stdout.
//
//   losant-contract clients run --command "node examples/javascript-losant-rest/adapter.js"
//
// Each operation calls the client as an application would and answers with what it
// returned, or with what it threw: the status, Error type and message the client's error
// carries (null where it carries none) and the error's name.
'use strict';

const readline = require('readline');
const api = require('losant-rest');
const clientVersion = require('losant-rest/package.json').version;

const PROTOCOL = 1;
// The client accepts a `timeout` option (milliseconds, passed to axios); it has no
// retries and no pager of its own.
const CAPABILITIES = ['timeout'];

function client(config) {
  return api.createClient({ url: config.url, accessToken: config.token, timeout: Math.round(config.timeout * 1000) });
}

const OPERATIONS = {
  list_integrations: (c, a) => c.integrations.get(a),
  create_integration: (c, a) => c.integrations.post({ applicationId: a.applicationId, integration: a.body }),
  get_integration: (c, a) => c.integration.get(a),
  patch_integration: (c, a) =>
    c.integration.patch({ applicationId: a.applicationId, integrationId: a.integrationId, integration: a.body }),
  delete_integration: (c, a) => c.integration.delete(a),
  create_token: (c, a) => c.applicationApiTokens.post({ applicationId: a.applicationId, apiToken: a.body }),
  delete_token: (c, a) => c.applicationApiToken.delete(a),
};

function described(error) {
  const text = (value) => (typeof value === 'string' ? value : null);
  return {
    status: Number.isInteger(error && error.statusCode) ? error.statusCode : null,
    type: text(error && error.type),
    message: text(error && error.message),
    raised: (error && (error.code ? `${error.name}(${error.code})` : error.name)) || typeof error,
  };
}

async function answer(command) {
  if (command.cmd === 'start') {
    return {
      version: PROTOCOL,
      implementation: {
        name: 'losant-rest (JavaScript)',
        version: clientVersion,
        language: `javascript (node ${process.versions.node})`,
        homepage: 'https://github.com/Losant/losant-rest-js',
      },
      capabilities: CAPABILITIES,
    };
  }
  const operation = OPERATIONS[command.op];
  if (!operation) {
    return { seq: command.seq, ok: false, error: { status: null, type: null, message: `no operation ${command.op}`, raised: 'AdapterError' } };
  }
  try {
    const value = await operation(client(command.client), command.args);
    return { seq: command.seq, ok: true, value: value === undefined ? null : value };
  } catch (error) {
    return { seq: command.seq, ok: false, error: described(error) };
  }
}

async function main() {
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const command = JSON.parse(line);
    if (command.cmd === 'stop') break;
    process.stdout.write(JSON.stringify(await answer(command)) + '\n');
  }
  process.exit(0);
}

main();
