/** A form's error, announced by screen readers as soon as it appears. */
export function FormError({ message }: { message: string | null }) {
  return (
    <p className="form-error" role="alert">
      {message}
    </p>
  );
}
