/** Why an ONNX model could not be walked: malformed bytes, or past a limit the parent process keeps to (issue 13). */
export class OnnxReadError extends Error {
  constructor(
    readonly code: 'model-unreadable' | 'model-too-large',
    message: string,
  ) {
    super(message);
  }
}
