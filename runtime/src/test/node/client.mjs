// The official OpenAI Node SDK against Veritrace: node client.mjs BASE_URL. Prints one JSON object of
// what each call returned; NodeClientTest asserts on it.
import OpenAI from "openai";

const client = new OpenAI({ baseURL: process.argv[2], apiKey: "unused", maxRetries: 0, timeout: 60_000 });
const out = {};

async function status(call) {
  try {
    await call();
    return { status: 200 };
  } catch (e) {
    return { status: e.status, param: e.param ?? null, code: e.code ?? null, type: e.type ?? null };
  }
}

const history = await client.chat.completions.create({
  model: "veritrace",
  messages: [
    { role: "system", content: "Answer like a pirate." },
    { role: "user", content: "What is the first turn?" },
    { role: "assistant", content: "4" },
    { role: "user", content: "And the second turn?" },
  ],
  temperature: 0.2,
  seed: 3,
});
out.history = { content: history.choices[0].message.content, outcome: history.veritrace.outcome };

const usage = await client.chat.completions.create({
  model: "veritrace",
  messages: [{ role: "user", content: "Tom buys 3 bags of 4 apples and eats 2. How many apples are left?" }],
});
out.usage = { content: usage.choices[0].message.content, usage: usage.usage, fingerprint: usage.system_fingerprint,
  corrected: usage.veritrace.corrected.length };

const schema = {
  type: "object", additionalProperties: false, required: ["answer", "steps"],
  properties: { answer: { type: "number" }, steps: { type: "array", items: { type: "string" } } },
};
const json = await client.chat.completions.create({
  model: "veritrace",
  messages: [{ role: "user", content: "Tom buys 3 bags of 4 apples and eats 2. How many apples are left?" }],
  response_format: { type: "json_schema", json_schema: { name: "result", strict: true, schema } },
});
out.json = JSON.parse(json.choices[0].message.content);

const refused = await client.chat.completions.create({
  model: "veritrace",
  messages: [
    { role: "user", content: "Sara has 3 bags of apples. What is the first turn?" },
    { role: "assistant", content: "4" },
    { role: "user", content: "Sara has 5 bags of apples. What is the second turn?" },
  ],
});
out.refused = { refusal: refused.choices[0].message.refusal, finish: refused.choices[0].finish_reason,
  outcome: refused.veritrace.outcome };

let streamed = "";
let streamUsage = null;
const stream = await client.chat.completions.create({
  model: "veritrace", stream: true, stream_options: { include_usage: true },
  messages: [{ role: "user", content: "What is the first turn?" }],
});
for await (const chunk of stream) {
  streamed += chunk.choices[0]?.delta?.content ?? "";
  if (chunk.usage) streamUsage = chunk.usage;
}
out.stream = { content: streamed, usage: streamUsage };

out.errors = {
  temperature: await status(() => client.chat.completions.create({ model: "veritrace", temperature: 7,
    messages: [{ role: "user", content: "hi" }] })),
  tools: await status(() => client.chat.completions.create({ model: "veritrace",
    tools: [{ type: "function", function: { name: "f", parameters: { type: "object", properties: {} } } }],
    messages: [{ role: "user", content: "hi" }] })),
  model: await status(() => client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] })),
  retrieveMissing: await status(() => client.models.retrieve("gpt-4o")),
};
out.model = (await client.models.retrieve("veritrace")).id;

console.log(JSON.stringify(out));
