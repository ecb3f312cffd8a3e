import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        Nothing here. <Link to="/subjects">Back to the subjects</Link>.
      </p>
    </section>
  );
}
