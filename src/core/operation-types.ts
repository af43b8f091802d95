/** The JSON body of an operation's 200 response, from the generated `operations` types. */
export type Ok<Operation> = Operation extends { responses: { 200: { content: { 'application/json': infer Body } } } }
  ? Body
  : never;
