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
    char buff[1024];

    sock = socket(PF_INET, SOCK_STREAM, 0);
    memset(&serv_addr, 0, sizeof(serv_addr));
    serv_addr.sin_family = AF_INET;
    serv_addr.sin_port = htons(4000);
    serv_addr.sin_addr.s_addr = inet_addr("127.0.0.1");
    if (-1 == connect(sock, (struct sockaddr*)&serv_addr, sizeof(serv_addr)))
    { perror("connect"); exit(1); }

    /* MSG_NOSIGNAL: an error instead of SIGPIPE, which would kill the process */
    if (-1 == send(sock, "Are you there?", 14, MSG_NOSIGNAL))
        perror("send 1");
    if (-1 == send(sock, "Hello?", 6, MSG_NOSIGNAL))
        perror("send 2");                    /* send 2: Broken pipe */
    printf("still alive\n");
    read(sock, buff, sizeof(buff));
    close(sock);
    return 0;
}
