// Ends the process as soon as everything written to stdout and stderr has been handed to the system: a
// `search` has awaited all it started, so waiting for the event loop to drain (the garbage collector's last
// rounds, idle handles) would only add time. An empty write's callback runs after every earlier write of
// that stream, including the asynchronous ones (pipes on POSIX, terminals on Windows).

export function exitWhenFlushed(code: number, streams: readonly NodeJS.WritableStream[] = [process.stdout, process.stderr]): void {
  let pending = streams.length;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  for (const stream of streams) stream.write('', done);
}
