// Small SDP edits the stand-in needs around werift's offer/answer handling. SDP is handled as
// text: sections start at each `m=` line.

const LOOPBACK = /^127\./;

function splitSections(sdp) {
  const lines = sdp.split(/\r?\n/).filter((line) => line.length > 0);
  const session = [];
  const media = [];
  for (const line of lines) {
    if (line.startsWith('m=')) media.push([line]);
    else if (media.length > 0) media[media.length - 1].push(line);
    else session.push(line);
  }
  return { session, media };
}

function join({ session, media }) {
  return `${[...session, ...media.flat()].join('\r\n')}\r\n`;
}

/** The address of an `a=candidate:` line or of a trickled candidate string. */
export function candidateAddress(candidate) {
  const parts = candidate.replace(/^a=/, '').split(' ');
  return parts[4] ?? '';
}

/** Whether a candidate is one the stand-in uses: UDP on a loopback address. */
export function isLoopbackCandidate(candidate) {
  const parts = candidate.replace(/^a=/, '').split(' ');
  return (parts[2] ?? '').toLowerCase() === 'udp' && LOOPBACK.test(parts[4] ?? '');
}

/** The browser's offer as the stand-in uses it: only loopback UDP candidates stay. */
export function prepareOffer(sdp) {
  const parts = splitSections(sdp);
  parts.media = parts.media.map((section) =>
    section.filter((line) => !(line.startsWith('a=candidate:') && !isLoopbackCandidate(line))),
  );
  return join(parts);
}

/**
 * werift's answer as the browser needs it: a section answered `inactive` keeps a port (werift
 * writes port 0, which would reject the browser's placeholder transceiver for good), and only
 * loopback UDP candidates are offered.
 */
export function finishAnswer(answerSdp, offerSdp) {
  const answer = splitSections(answerSdp);
  const offer = splitSections(offerSdp);
  answer.media = answer.media.map((section, index) => {
    const offered = offer.media[index]?.[0] ?? '';
    let lines = section.filter((line) => !(line.startsWith('a=candidate:') && !isLoopbackCandidate(line)));
    const [kind, port, ...rest] = lines[0].split(' ');
    if (port === '0' && offered.split(' ')[1] !== '0') lines = [[kind, '9', ...rest].join(' '), ...lines.slice(1)];
    return lines;
  });
  return join(answer);
}

/**
 * Per media section of an SDP: its mid, the SSRCs it announces, the first msid's ids and the
 * simulcast rids it sends (in the order listed).
 */
export function describeSections(sdp) {
  return splitSections(sdp).media.map((section) => {
    const mid = section.find((line) => line.startsWith('a=mid:'))?.slice(6);
    const ssrcs = new Set();
    let msid;
    const rids = [];
    for (const line of section) {
      const rid = /^a=rid:(\S+) send/.exec(line);
      if (rid) rids.push(rid[1]);
      const ssrc = /^a=ssrc:(\d+) /.exec(line);
      if (ssrc) ssrcs.add(Number(ssrc[1]));
      const m = /^a=msid:(\S+) (\S+)/.exec(line);
      if (m && !msid) msid = { stream: m[1], track: m[2] };
    }
    return { kind: section[0].slice(2).split(' ')[0], mid, ssrcs: [...ssrcs], msid, rids };
  });
}

/** The id an SDP gives a header extension (`a=extmap:<id> <uri>`), or undefined. */
export function extensionId(sdp, uri) {
  for (const line of sdp.split(/\r?\n/)) {
    const m = /^a=extmap:(\d+)(?:\/\w+)? (\S+)/.exec(line);
    if (m && m[2] === uri) return Number(m[1]);
  }
  return undefined;
}
