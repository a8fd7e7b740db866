#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>

int main(void)
{
    int sock, str_len;
    struct sockaddr_in serv_addr;
    char buff[1024];

    sock = socket(PF_INET, SOCK_STREAM, 0);
    memset(&serv_addr, 0, sizeof(serv_addr));
    serv_addr.sin_family = AF_INET;
    serv_addr.sin_port = htons(4000);
    serv_addr.sin_addr.s_addr = inet_addr("127.0.0.1");
    if (-1 == connect(sock, (struct sockaddr*)&serv_addr, sizeof(serv_addr)))
    { perror("connect"); exit(1); }

    write(sock, "How long is this?", 17);
    shutdown(sock, SHUT_WR);                /* "I have said everything" */

    while ((str_len = read(sock, buff, sizeof(buff) - 1)) > 0) {
        buff[str_len] = 0;
        printf("%s\n", buff);
    }
    close(sock);
    return 0;
}
