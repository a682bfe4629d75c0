// Who is in the meeting, for everyone: the header's count opens the list, with each person's role
// (Host, Co-host) as livekit-meet set it in their LiveKit attributes, so that a promotion or a
// demotion shows in every browser at once.
import * as React from 'react';
import { useParticipantAttributes, useParticipants } from '@livekit/components-react';
import type { Participant } from 'livekit-client';
import { useT } from '../i18n/I18n';
import { CohostBadge, HostBadge } from './HostBadges';
import { LocalRoleContext } from './MeetingTile';

const LIST_ID = 'lkm-people-list';

function Person({ participant }: { participant: Participant }) {
  const t = useT();
  const { attributes } = useParticipantAttributes({ participant });
  const localRole = React.useContext(LocalRoleContext);
  const role = participant.isLocal ? localRole : attributes?.role;
  const name = participant.name || participant.identity;
  return (
    <li className="lkm-people-item" aria-label={name}>
      <span className="lkm-people-name">
        {name}
        {participant.isLocal && <span className="lkm-muted"> {t('meeting.you')}</span>}
      </span>
      {role === 'host' && <HostBadge />}
      {role === 'cohost' && <CohostBadge />}
    </li>
  );
}

/** The count in the meeting's header, and the list it opens. */
export function PeopleList() {
  const t = useT();
  const participants = useParticipants();
  const [open, setOpen] = React.useState(false);
  const count = participants.length;
  return (
    <div className="lkm-people">
      <button
        type="button"
        className="lkm-participant-count lkm-people-button lkm-hide-narrow"
        aria-label={t('meeting.peopleCount', { count })}
        aria-expanded={open}
        aria-controls={open ? LIST_ID : undefined}
        onClick={() => setOpen((value) => !value)}
      >
        {t('format.people', { count })}
      </button>
      {open && (
        <section
          id={LIST_ID}
          className="lkm-people-popover"
          aria-label={t('meeting.peopleList')}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.stopPropagation();
              setOpen(false);
            }
          }}
        >
          <ul className="lkm-people-items">
            {participants.map((participant) => (
              <Person key={participant.identity} participant={participant} />
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
