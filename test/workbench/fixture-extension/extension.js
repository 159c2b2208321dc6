// Plain CommonJS so the fixture needs no build step.
const vscode = require('vscode');

exports.activate = (context) => {
  context.subscriptions.push(vscode.commands.registerCommand('journeyLensFixture.hello', () => {
    vscode.window.showInformationMessage('Hello from the Journey Lens harness fixture');
    return 'hello';
  }));
};
