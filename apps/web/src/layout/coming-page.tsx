/** A page another change fills in: its heading and what it will show. */
export function ComingPage({ title, description }: { title: string; description: string }) {
  return (
    <section>
      <h1>{title}</h1>
      <p className="coming">Coming: {description}</p>
    </section>
  );
}
