interface Closable {
  close(): void;
}

/** Registers an afterEach that closes whatever was handed to the returned function during the test. */
export function closeAfterEach(): <T extends Closable>(closable: T) => T {
  const open: Closable[] = [];
  afterEach(() => {
    for (const closable of open.splice(0)) closable.close();
  });
  return (closable) => {
    open.push(closable);
    return closable;
  };
}
