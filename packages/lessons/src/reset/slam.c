#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>

int main(void)
{
    int sock;
    struct sockaddr_in serv_addr;
    struct linger lg = { 1, 0 };             /* l_onoff = 1, l_linger = 0 */

    sock = socket(PF_INET, SOCK_STREAM, 0);
    memset(&serv_addr, 0, sizeof(serv_addr));
    serv_addr.sin_family = AF_INET;
    serv_addr.sin_port = htons(4000);
    serv_addr.sin_addr.s_addr = inet_addr("127.0.0.1");
    if (-1 == connect(sock, (struct sockaddr*)&serv_addr, sizeof(serv_addr)))
    { perror("connect"); exit(1); }

    setsockopt(sock, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
    close(sock);                             /* abortive close: RST */
    return 0;
}
