import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  label: string; // what failed, in the user's words ("the Audit screen")
  children: ReactNode;
}
interface State {
  error: Error | null;
  componentStack: string | null;
}

/** Shows what went wrong instead of a white window; one at the root and one per route. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, componentStack: null };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(_error: unknown, info: ErrorInfo): void {
    this.setState({ componentStack: info.componentStack ?? null });
  }

  override render() {
    const { error, componentStack } = this.state;
    if (!error) return this.props.children;
    return (
      <section className="crash" role="alert" aria-labelledby="crash-title">
        <h1 id="crash-title">Something went wrong in {this.props.label}</h1>
        <p className="crash-message">{error.message || error.name}</p>
        <details className="crash-details">
          <summary>Technical details</summary>
          <pre>{[error.stack, componentStack].filter(Boolean).join('\n\nComponent stack:')}</pre>
        </details>
        <div className="actions">
          <button type="button" className="btn btn-primary" onClick={() => window.location.reload()}>
            Reload
          </button>
          <button type="button" className="btn" onClick={() => this.setState({ error: null, componentStack: null })}>
            Try again
          </button>
        </div>
      </section>
    );
  }
}
