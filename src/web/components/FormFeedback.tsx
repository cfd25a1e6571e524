import { Alert } from './Alert.tsx';

/** The general error or success line under a form. */
export function FormFeedback({ error, success, testId }: { error: string | null; success: string | null; testId: string }) {
  if (error) {
    return (
      <Alert kind="error" testId={`${testId}-error`}>
        <p>{error}</p>
      </Alert>
    );
  }
  if (success) {
    return (
      <Alert kind="success" testId={`${testId}-success`}>
        <p>{success}</p>
      </Alert>
    );
  }
  return null;
}
