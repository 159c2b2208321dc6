import * as vscode from 'vscode';

/** The one place the OpenAI key is read or written: VS Code's SecretStorage (the OS keychain), never settings or logs. */
const KEY = 'journeyLens.openai.apiKey';

export class ApiKeyStore implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fires when the key is set or cleared, in this window or another one. */
  readonly onDidChange = this.emitter.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.sub = secrets.onDidChange((e) => {
      if (e.key === KEY) this.emitter.fire();
    });
  }

  get(): Thenable<string | undefined> {
    return this.secrets.get(KEY);
  }

  async has(): Promise<boolean> {
    return !!(await this.get());
  }

  store(key: string): Thenable<void> {
    return this.secrets.store(KEY, key.trim());
  }

  clear(): Thenable<void> {
    return this.secrets.delete(KEY);
  }

  dispose(): void {
    this.sub.dispose();
    this.emitter.dispose();
  }
}

/** Asks for the key in a password box. Returns undefined when the user cancels. */
export async function promptForApiKey(): Promise<string | undefined> {
  const key = await vscode.window.showInputBox({
    title: 'Journey Lens: Set OpenAI API Key',
    prompt:
      "Stored in VS Code's secret storage (your OS keychain). It is never written to settings, logs or the dashboard.",
    placeHolder: 'sk-…',
    password: true,
    ignoreFocusOut: true,
    // No complaint about an empty box while the user has not typed yet; accepting it empty is a cancel.
    validateInput: (v) => (v && !v.trim() ? 'The key cannot be blank.' : undefined),
  });
  return key?.trim() || undefined;
}
