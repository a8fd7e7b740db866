import { textOf } from '../defineLesson.ts';
import type { Correction } from '../types.ts';
import en from './text.en.json' with { type: 'json' };
import ko from './text.ko.json' with { type: 'json' };

const texts = { en, ko } as const;

/** A correction with its `why` taken from `corrections/text.<lang>.json`. */
function correction(key: keyof typeof en, seed: string, corrected: string): Correction {
  const why = textOf('corrections', key, (lang) => (texts[lang] as Record<string, string> | undefined)?.[key]);
  return { seed, corrected, why };
}

/** What was changed in the seed's code so that it compiles and runs safely. */
export const seedCorrections: readonly Correction[] = [
  correction('headerTypo', '#include<sys/scoket.h>', '#include <sys/socket.h>'),
  correction(
    'memsetParen',
    'memset( &server_addr, 0, sizeof( server_addr);',
    'memset(&server_addr, 0, sizeof(server_addr));',
  ),
  correction(
    'acceptAddrSize',
    'int  client_addr_size; … accept( server_socket, (struct sockaddr*)&client_addr, client_addr_size);',
    'socklen_t client_addr_size; … accept(server_socket, (struct sockaddr*)&client_addr, &client_addr_size);',
  ),
  correction(
    'inaddrAny',
    'server_addr.sin_addr.s_addr = htonl( INADDR_ANY);',
    'server_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);',
  ),
  correction(
    'sprintfSizeT',
    'sprintf( buff_snd, "%d : %s", strlen( buff_rcv), buff_rcv);',
    'sprintf(buff_snd, "%d : %s", (int)strlen(buff_rcv), buff_rcv);',
  ),
  correction(
    'readComment',
    '// 성공적으로 서버에게서 메시지를 받아오면 0을 반환하고 실패하면 -1을 반환한다.',
    '(kept as in the seed; the comment is wrong)',
  ),
];

/** The pitfall of sending the NUL, which the seed does on purpose (`strlen(...) + 1`). */
export const nulCorrection: Correction = correction(
  'nul',
  'write( client_socket, buff_snd, strlen( buff_snd)+1); // +1: NULL까지 포함해서 전송',
  'write(client_socket, buff_snd, strlen(buff_snd));  /* the reader ends the string itself */',
);

/** The seed's client prints what read() stored without ending the string. */
export const readTerminatorCorrection: Correction = correction(
  'readTerminator',
  'str_len=read(sock, message, sizeof(message)-1); … printf("Message from server: %s \\n", message);',
  'str_len=read(sock, message, sizeof(message)-1); message[str_len] = 0; printf("Message from server: %s \\n", message);',
);

/**
 * The seed's mistakes, the ones that keep it from compiling or running right
 * first, each with its corrected line and why it matters.
 */
export const seedPitfallCorrections: readonly Correction[] = (() => {
  const first = ['#include<sys/scoket.h>', 'int  client_addr_size;', 'memset( &server_addr'].map((start) => {
    const found = seedCorrections.find((c) => c.seed.startsWith(start));
    if (!found) throw new Error(`no seed correction starting with ${JSON.stringify(start)}`);
    return found;
  });
  return [...first, nulCorrection, readTerminatorCorrection, ...seedCorrections.filter((c) => !first.includes(c))];
})();
